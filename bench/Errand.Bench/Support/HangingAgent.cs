using System.Runtime.CompilerServices;
using Errand.Agents;

namespace Errand.Bench.Support;

/// <summary>An agent that never finishes on its own: its task stays running until its worker dies or stops.</summary>
internal sealed class HangingAgent : IAgentRuntime
{
    public string Name => "noop";

    public async IAsyncEnumerable<AgentEvent> RunAsync(AgentRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }
}
