namespace Errand.Agents;

/// <summary>
/// An agent Errand can run: the builtin model loop, a CLI agent, or a plain command. A run is a stream of
/// events; the engine journals them, enforces budgets between them, and saves the checkpoints they carry.
/// Cancelling the token stops the agent and everything it started.
/// </summary>
public interface IAgentRuntime
{
    /// <summary>The name a spec uses in <c>agent:</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Starts the agent, or resumes it from <see cref="AgentRun.ResumeFrom"/>, and streams what it does.
    /// The stream ends after an <see cref="AgentFinished"/> or <see cref="AgentFailed"/> event.
    /// </summary>
    IAsyncEnumerable<AgentEvent> RunAsync(AgentRun run, CancellationToken cancellationToken);
}
