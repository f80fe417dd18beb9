namespace Errand.Fleets;

/// <summary>The agent (and model, or command) one attempt of a best-of-N task runs with.</summary>
/// <param name="Agent">The agent name.</param>
public sealed record AgentChoice(string Agent)
{
    /// <summary>provider/model; null keeps the spec's.</summary>
    public string? Model { get; init; }

    /// <summary>The shell line for a command agent; null keeps the spec's.</summary>
    public string? Command { get; init; }
}
