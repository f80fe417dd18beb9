namespace Errand.Sandboxing;

/// <summary>How a sandboxed command ended.</summary>
/// <param name="ExitCode">The exit code; -1 when killed.</param>
/// <param name="Duration">Wall time.</param>
/// <param name="OutputTail">The last lines of combined output.</param>
/// <param name="TimedOut">True when killed for passing its timeout.</param>
public sealed record SandboxResult(int ExitCode, TimeSpan Duration, string OutputTail, bool TimedOut);
