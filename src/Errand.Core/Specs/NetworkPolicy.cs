namespace Errand.Specs;

/// <summary>Network access from inside the sandbox.</summary>
public sealed record NetworkPolicy
{
    /// <summary>none, allow (only <see cref="AllowHosts"/>), or open.</summary>
    public NetworkMode Mode { get; init; } = NetworkMode.None;

    /// <summary>Host names (optionally with a leading <c>*.</c>) reachable through the egress proxy.</summary>
    public IReadOnlyList<string> AllowHosts { get; init; } = [];
}

/// <summary>Network modes.</summary>
public enum NetworkMode
{
    /// <summary>No network at all.</summary>
    None,

    /// <summary>Only the listed hosts, through the egress proxy.</summary>
    Allow,

    /// <summary>The host's network, unrestricted; must be explicit.</summary>
    Open,
}
