namespace Errand.Workspaces;

/// <summary>How one setup command ended.</summary>
/// <param name="Command">The shell line.</param>
/// <param name="ExitCode">Its exit code; -1 when killed.</param>
/// <param name="Duration">Wall time.</param>
/// <param name="OutputTail">The last lines of its output.</param>
public sealed record SetupCommandResult(string Command, int ExitCode, TimeSpan Duration, string OutputTail)
{
    /// <summary>True when it exited 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
