using System.Diagnostics;
using System.Runtime.CompilerServices;
using Errand.Agents;

namespace Errand.Engine.Tests.Support;

/// <summary>
/// A test agent that holds each run until <paramref name="gather"/> runs are in at once (or a few seconds pass, so
/// the last few never hang), then for <paramref name="hold"/> more, and records how many ran at once. Holding for a
/// fixed time alone proved nothing on a loaded machine: runs that happen not to overlap say nothing of the cap.
/// </summary>
internal sealed class ConcurrencyProbeAgent(TimeSpan hold, int gather = 1) : IAgentRuntime
{
    private static readonly TimeSpan GatherTimeout = TimeSpan.FromSeconds(5);
    private int _current;
    private int _max;
    private int _runs;

    public string Name => "probe";

    public int MaxConcurrent => Volatile.Read(ref _max);

    public int Runs => Volatile.Read(ref _runs);

    public async IAsyncEnumerable<AgentEvent> RunAsync(AgentRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _current);
        Interlocked.Increment(ref _runs);
        int seen;
        while ((seen = Volatile.Read(ref _max)) < now && Interlocked.CompareExchange(ref _max, now, seen) != seen)
        {
        }

        try
        {
            var started = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref _current) < gather && Stopwatch.GetElapsedTime(started) < GatherTimeout)
            {
                await Task.Delay(5, cancellationToken);
            }

            await Task.Delay(hold, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _current);
        }

        yield return new AgentFinished("probed");
    }
}
