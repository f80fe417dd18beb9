namespace Errand.Sandboxing;

/// <summary>A shell line to run in a sandbox.</summary>
/// <param name="CommandLine">Run with <c>/bin/sh -c</c>.</param>
public sealed record SandboxCommand(string CommandLine)
{
    /// <summary>Working directory relative to the workspace; null for its root.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Kill the process tree after this long; null for no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Extra environment for this command only.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Host paths shown read-only inside at the same place for this command only (a CLI agent's installation, the
    /// directory of its model relay's socket). Chosen by Errand's runtimes, never by a spec.
    /// </summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>Host directories shown writable inside at the same place for this command only (a CLI agent's per-task state).</summary>
    public IReadOnlyList<string> WritablePaths { get; init; } = [];
}
