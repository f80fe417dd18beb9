using Errand.Agents;

namespace Errand.Engine.Tests.Support;

/// <summary>
/// A real agent runtime whose per-task state folder is deleted before every round after the first: the round runs
/// as it would on a worker that never held the session, with only what the store's checkpoint carries.
/// </summary>
internal sealed class StateWipingAgent(IAgentRuntime inner, string stateDirectory) : IAgentRuntime
{
    public string Name => inner.Name;

    public int Wiped { get; private set; }

    public IAsyncEnumerable<AgentEvent> RunAsync(AgentRun run, CancellationToken cancellationToken)
    {
        if (run.Round > 1 && Directory.Exists(stateDirectory))
        {
            Directory.Delete(stateDirectory, recursive: true);
            Wiped++;
        }

        return inner.RunAsync(run, cancellationToken);
    }
}
