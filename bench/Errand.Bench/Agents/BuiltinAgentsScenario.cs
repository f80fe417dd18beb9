using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Errand.Bench.Support;

namespace Errand.Bench.Agents;

/// <summary>
/// N concurrent builtin-agent tasks against a model that answers every turn after a fixed delay, five turns each by
/// default, on one node. Three processes: this coordinator, the fake model (one for the whole run) and, per round, a fresh
/// orchestrator — so each round's resident memory is measured from a cold process and is the orchestrator's alone.
/// </summary>
internal static class BuiltinAgentsScenario
{
    public const string Flag = "--builtin-agents";

    public static async Task RunAsync(int tasks, int rounds, TimeSpan delay, int turns, int fileBytes, CancellationToken cancellationToken)
    {
        using var model = Child(FakeModelHost.Flag, "--delay-ms", ((int)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "--turns", turns.ToString(CultureInfo.InvariantCulture), "--file-bytes", fileBytes.ToString(CultureInfo.InvariantCulture));
        var url = await model.StandardOutput.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException("the fake model server did not start");
        Console.WriteLine($"# builtin agents: {tasks} tasks x {turns} turns ({(fileBytes > 0 ? $"{fileBytes}-byte" : "one-line")} files), model delay {delay.TotalMilliseconds} ms, fake model at {url} (pid {model.Id}), {rounds} rounds");
        var results = new List<BuiltinRoundResult>();
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                model.Refresh();
                var modelCpu = model.TotalProcessorTime;
                using var orchestrator = Child(BuiltinOrchestrator.Flag, "--url", url, "--tasks", tasks.ToString(CultureInfo.InvariantCulture),
                    "--delay-ms", ((int)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
                var errors = orchestrator.StandardError.ReadToEndAsync(cancellationToken);
                BuiltinRoundResult? result = null;
                while (await orchestrator.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (line.StartsWith(BuiltinOrchestrator.ResultPrefix, StringComparison.Ordinal))
                    {
                        result = JsonSerializer.Deserialize<BuiltinRoundResult>(line[BuiltinOrchestrator.ResultPrefix.Length..]);
                    }
                }

                await orchestrator.WaitForExitAsync(cancellationToken);
                if (result is null)
                {
                    throw new InvalidOperationException($"round {round}: the orchestrator exited {orchestrator.ExitCode} without a result:\n{await errors}");
                }

                model.Refresh();
                var modelCpuPerTurn = (model.TotalProcessorTime - modelCpu).TotalMilliseconds / Math.Max(1, result.ModelCalls);
                results.Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round} | {result.Succeeded}/{result.Tasks} succeeded in {result.WallSeconds:0.00} s ({result.TasksPerSecond:0.0} tasks/s) | RSS baseline {result.BaselineRssMiB:0} MiB, steady {result.SteadyRssMiB:0} MiB, peak {result.PeakRssMiB:0} MiB, managed peak {result.PeakManagedMiB:0} MiB, threads {result.PeakThreads} | turn overhead p50 {result.TurnOverheadP50Ms:0.00} ms p99 {result.TurnOverheadP99Ms:0.00} ms | model call p50 {result.ModelCallP50Ms:0} ms p99 {result.ModelCallP99Ms:0} ms ({result.ModelCalls} calls) | first turn after submit p50 {result.FirstTurnP50Ms:0} ms p99 {result.FirstTurnP99Ms:0} ms | CPU per turn: orchestrator {result.CpuMsPerTurn:0.00} ms, fake model {modelCpuPerTurn:0.00} ms | storage writes per turn {result.StorageWriteKiBPerTurn:0.0} KiB"));
            }
        }
        finally
        {
            model.StandardInput.Close();
            await model.WaitForExitAsync(cancellationToken);
        }

        double Median(Func<BuiltinRoundResult, double> pick) => Percentiles.Of(results.Select(pick).Order().ToList(), 50);
        Console.WriteLine();
        Console.WriteLine("| tasks | succeeded | wall | tasks/s | RSS steady | RSS peak | managed peak | threads | turn overhead p50 | p99 | model call p50 (delay " + delay.TotalMilliseconds + " ms) | first turn after submit p50 | p99 | orchestrator CPU per turn | storage writes per turn |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {tasks} | {Median(r => r.Succeeded):0} | {Median(r => r.WallSeconds):0.00} s | {Median(r => r.TasksPerSecond):0.0} | {Median(r => r.SteadyRssMiB):0} MiB | {Median(r => r.PeakRssMiB):0} MiB | {Median(r => r.PeakManagedMiB):0} MiB | {Median(r => r.PeakThreads):0} | {Median(r => r.TurnOverheadP50Ms):0.00} ms | {Median(r => r.TurnOverheadP99Ms):0.00} ms | {Median(r => r.ModelCallP50Ms):0} ms | {Median(r => r.FirstTurnP50Ms):0} ms | {Median(r => r.FirstTurnP99Ms):0} ms | {Median(r => r.CpuMsPerTurn):0.00} ms | {Median(r => r.StorageWriteKiBPerTurn):0.0} KiB |"));
    }

    private static Process Child(params string[] args)
    {
        // The same bench executable, in another role; `dotnet Errand.Bench.dll` when run through the host.
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BuiltinAgentsScenario).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
