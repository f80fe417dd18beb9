using System.Runtime.CompilerServices;
using Errand.Agents;

namespace Errand.Engine.Tests.Support;

/// <summary>A test agent that holds each run until released and records how many ran at once.</summary>
internal sealed class ConcurrencyProbeAgent(TimeSpan hold) : IAgentRuntime
{
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
            await Task.Delay(hold, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _current);
        }

        yield return new AgentFinished("probed");
    }
}
