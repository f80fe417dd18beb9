namespace Errand.Results;

/// <summary>One verify check's outcome.</summary>
/// <param name="Name">The check's name.</param>
/// <param name="Command">The shell line.</param>
/// <param name="ExitCode">Its exit code (-1 when it could not start or timed out).</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="OutputTail">The last lines of its combined output.</param>
public sealed record CheckResult(string Name, string Command, int ExitCode, TimeSpan Duration, string OutputTail)
{
    /// <summary>True when it exited 0 and did not time out.</summary>
    public bool Passed => ExitCode == 0 && !TimedOut;

    /// <summary>True when it was killed for running too long.</summary>
    public bool TimedOut { get; init; }
}
