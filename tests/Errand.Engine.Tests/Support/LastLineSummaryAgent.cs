using System.Runtime.CompilerServices;
using Errand.Agents;
using Errand.Agents.Command;

namespace Errand.Engine.Tests.Support;

/// <summary>
/// The real command agent, except that its final summary (or failure reason) quotes the last line the command printed — as a model's
/// summary quotes what it saw — so a test can put text from inside the sandbox into the agent's summary.
/// </summary>
internal sealed class LastLineSummaryAgent : IAgentRuntime
{
    private readonly CommandAgentRuntime _inner = new();

    public string Name => "last-line";

    public async IAsyncEnumerable<AgentEvent> RunAsync(AgentRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        await foreach (var e in _inner.RunAsync(run, cancellationToken))
        {
            if (e is AgentOutput { Stream: "stdout" } output)
            {
                last = output.Text;
            }

            yield return e switch
            {
                AgentFinished => new AgentFinished($"done; the last thing it said was: {last}"),
                AgentFailed failed => new AgentFailed($"{failed.Reason}; the last thing it said was: {last}"),
                _ => e,
            };
        }
    }
}
