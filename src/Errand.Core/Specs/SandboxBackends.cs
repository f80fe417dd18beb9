namespace Errand.Specs;

/// <summary>Sandbox backend names.</summary>
public static class SandboxBackends
{
    /// <summary>bubblewrap: read-only system, writable workspace only, no network.</summary>
    public const string Bubblewrap = "bubblewrap";

    /// <summary>No isolation at all; only when chosen explicitly.</summary>
    public const string None = "none";

    /// <summary>All known names.</summary>
    public static IReadOnlyList<string> All { get; } = [Bubblewrap, None];
}
