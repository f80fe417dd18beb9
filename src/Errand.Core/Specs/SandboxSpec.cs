namespace Errand.Specs;

/// <summary>How the agent and the checks are boxed in.</summary>
public sealed record SandboxSpec
{
    /// <summary>bubblewrap (the default on Linux) or none (explicit, unprotected).</summary>
    public string Backend { get; init; } = SandboxBackends.Bubblewrap;

    /// <summary>True when the spec named the backend itself rather than taking the default.</summary>
    public bool BackendExplicit { get; init; }

    /// <summary>Network access.</summary>
    public NetworkPolicy Network { get; init; } = new();

    /// <summary>True when the spec named a network policy rather than taking the default.</summary>
    public bool NetworkExplicit { get; init; }

    /// <summary>Resource limits.</summary>
    public SandboxLimits Limits { get; init; } = new();
}
