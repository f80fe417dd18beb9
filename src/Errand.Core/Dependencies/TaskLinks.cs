namespace Errand.Dependencies;

/// <summary>A task's place in the dependency graph.</summary>
/// <param name="Prerequisites">The tasks it waits for, by id.</param>
/// <param name="Dependants">The tasks waiting for it, by id.</param>
public sealed record TaskLinks(IReadOnlyList<long> Prerequisites, IReadOnlyList<long> Dependants);
