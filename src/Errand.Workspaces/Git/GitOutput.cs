namespace Errand.Workspaces.Git;

/// <summary>What one git invocation printed and how it exited.</summary>
internal sealed record GitOutput(int ExitCode, string StandardOutput, string StandardError)
{
    private const int TailLines = 6;
    private const int TailChars = 800;

    /// <summary>The first line of standard output, trimmed (for commands that print one value).</summary>
    public string Line => StandardOutput.Split('\n', 2)[0].Trim();

    /// <summary>The last few lines of standard error: enough for the user to see why git refused.</summary>
    public string ErrorTail
    {
        get
        {
            var lines = StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var tail = string.Join(" | ", lines.TakeLast(TailLines));
            if (tail.Length > TailChars)
            {
                tail = "…" + tail[^TailChars..];
            }

            // git echoes URLs in some messages; a password in one must not reach the journal.
            return tail.Length == 0 ? $"git exited with code {ExitCode}" : RepoLocation.Redact(tail);
        }
    }
}
