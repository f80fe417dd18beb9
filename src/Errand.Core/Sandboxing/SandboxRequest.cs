using Errand.Specs;

namespace Errand.Sandboxing;

/// <summary>What a sandbox must provide.</summary>
/// <param name="WorkspacePath">The only writable directory.</param>
/// <param name="Spec">The spec's sandbox section.</param>
public sealed record SandboxRequest(string WorkspacePath, SandboxSpec Spec)
{
    /// <summary>Environment variables injected on top of the allow-listed ones (secrets among them).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Told of every connection the sandbox's egress proxy allowed or refused (for the journal).</summary>
    public Action<EgressDecision>? OnEgress { get; init; }

    /// <summary>
    /// A host directory to use as the sandbox's home (a warm environment's home layer, where tool caches live);
    /// null for a fresh, empty one.
    /// </summary>
    public string? HomeDirectory { get; init; }

    /// <summary>Host paths shown read-only inside at the same place (the git objects a workspace's own git reads).</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>Host directories shown writable inside at the same place (see <see cref="SandboxCommand.WritablePaths"/>).</summary>
    public IReadOnlyList<string> WritablePaths { get; init; } = [];
}
