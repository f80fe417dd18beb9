using System.Diagnostics;
using Errand.Bench.Support;
using Errand.Sandboxing;

namespace Errand.Bench.Sandboxes;

/// <summary>Wall time of running `true` in a sandbox, per backend, interleaved so each sees the same machine noise.</summary>
internal static class SandboxSpawnScenario
{
    public static async Task<IReadOnlyList<(string Backend, double P50Ms, double P99Ms)>> RunAsync(
        IReadOnlyList<(ISandboxProvider Provider, SandboxRequest Request)> backends, int samples, CancellationToken cancellationToken)
    {
        var sandboxes = new List<ISandbox>();
        foreach (var (provider, request) in backends)
        {
            sandboxes.Add(await provider.CreateAsync(request, cancellationToken));
        }

        var times = sandboxes.Select(_ => new List<double>(samples)).ToList();
        var command = new SandboxCommand("true");
        for (var i = 0; i < samples + 10; i++)
        {
            for (var b = 0; b < sandboxes.Count; b++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await sandboxes[b].RunAsync(command, null, cancellationToken);
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{sandboxes[b].Backend}: `true` exited {result.ExitCode}: {result.OutputTail}");
                }

                if (i >= 10)
                {
                    times[b].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        var report = new List<(string, double, double)>();
        for (var b = 0; b < sandboxes.Count; b++)
        {
            times[b].Sort();
            report.Add((sandboxes[b].Backend, Percentiles.Of(times[b], 50), Percentiles.Of(times[b], 99)));
            await sandboxes[b].DisposeAsync();
        }

        return report;
    }
}
