using Errand.Agents;

namespace Errand.Engine.Pipeline;

/// <summary>How an agent round ended, and what the agent (or the engine, for a stop) said.</summary>
/// <param name="End">How it ended.</param>
/// <param name="Said">The agent's summary or failure, or the engine's reason for stopping it.</param>
internal sealed record AgentPhaseResult(AgentPhaseEnd End, string Said)
{
    /// <summary>The agent's question, for <see cref="AgentPhaseEnd.Asked"/>.</summary>
    public AgentAsked? Asked { get; init; }
}
