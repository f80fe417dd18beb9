using Errand.Tasks;

namespace Errand.Cli.Hosting;

/// <summary>The exit codes of every command, so scripts can branch on them.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int TaskFailed = 1;
    public const int InvalidInput = 2;
    public const int NotFound = 3;
    public const int TaskPartial = 4;
    public const int TaskCancelled = 5;

    /// <summary>The task waits for a human's answer (<c>errand inbox</c>, <c>errand answer</c>).</summary>
    public const int NeedsInput = 6;

    /// <summary>The server refused the token (401) or its scope (403).</summary>
    public const int Unauthorized = 7;

    /// <summary>The server could not be reached, or failed.</summary>
    public const int Unreachable = 8;

    /// <summary>The server refused for now: this token submitted too much (429); try again after the time it names.</summary>
    public const int RateLimited = 9;
    public const int TimedOut = 124;
    public const int Interrupted = 130;

    public static int ForState(TaskState state) => state switch
    {
        TaskState.Succeeded => Ok,
        TaskState.Partial => TaskPartial,
        TaskState.Cancelled => TaskCancelled,
        TaskState.WaitingForHuman => NeedsInput,
        _ => TaskFailed,
    };
}
