namespace Errand.Specs;

/// <summary>One verify check: a shell line run in the sandbox; exit code 0 passes.</summary>
/// <param name="Name">A short name (defaults to the command).</param>
/// <param name="Run">The shell line.</param>
public sealed record CheckSpec(string Name, string Run)
{
    /// <summary>How long the check may run; null for the default.</summary>
    public TimeSpan? Timeout { get; init; }
}
