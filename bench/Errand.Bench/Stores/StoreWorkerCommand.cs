using System.Globalization;
using Errand.Bench.Support;
using Errand.Engine.Runtime;
using Errand.Engine.Workers;

namespace Errand.Bench.Stores;

/// <summary>
/// The worker process of the cross-process scenario: <c>--store-worker LOCATION --concurrency N [--poll MS] [--lease MS]
/// [--hang]</c>. It runs a worker with the no-op agent (or, with --hang, one that never finishes: a task to orphan) and prints <c>started ID TIMESTAMP</c> for each task as its agent starts (a
/// monotonic Stopwatch timestamp, the same clock in every process of the machine), and its <see cref="RuntimeCounters"/> for
/// each line <c>runtime</c> it reads, until its input closes.
/// </summary>
internal static class StoreWorkerCommand
{
    public static async Task<bool> TryRunAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--store-worker");
        if (at < 0)
        {
            return false;
        }

        var concurrency = int.Parse(Value(args, "--concurrency") ?? "64", CultureInfo.InvariantCulture);
        var poll = TimeSpan.FromMilliseconds(int.Parse(Value(args, "--poll") ?? "250", CultureInfo.InvariantCulture));
        await using var store = await BenchStores.OpenAsync(args[at + 1], CancellationToken.None);
        var output = Console.Out;
        var lease = Value(args, "--lease") is { } ms ? TimeSpan.FromMilliseconds(int.Parse(ms, CultureInfo.InvariantCulture)) : new WorkerOptions().LeaseDuration;
        var agent = new RecordingAgent(args.Contains("--hang") ? new HangingAgent() : null, (id, timestamp) =>
        {
            lock (output)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"started {id} {timestamp}"));
            }
        });
        await using (var worker = new Worker(new EngineServices(store, new NullWorkspaces(), [new NullSandboxes()], [agent]),
            new WorkerOptions { Concurrency = concurrency, PollInterval = poll, LeaseDuration = lease }))
        {
            worker.Start();
            Console.WriteLine("ready");
            // Runs until the parent closes standard input; answers "runtime" with its runtime counters.
            while (await Console.In.ReadLineAsync() is { } line)
            {
                if (line == "runtime")
                {
                    lock (output)
                    {
                        output.WriteLine(RuntimeCounters.Now().Line);
                    }
                }
            }
        }

        return true;
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
