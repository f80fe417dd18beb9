namespace Errand.Agents.Cli;

/// <summary>
/// Carries a CLI's session between workers: each checkpoint's state holds the session files (when they are small
/// enough), and a run on a worker without them writes them back into the per-task folder before resuming.
/// </summary>
internal static class CliSessions
{
    /// <summary>
    /// The checkpoint with its state rewritten by <paramref name="stateOf"/> to hold the session files, or without
    /// them (null) when there are none or too many; then a note precedes it, for the journal.
    /// </summary>
    public static IEnumerable<AgentEvent> Checkpoint(AgentCheckpoint checkpoint, string root, string? sessionId, Func<string?, string> stateOf)
    {
        if (sessionId is null)
        {
            yield return checkpoint;
            yield break;
        }

        var packed = CliSessionFiles.Pack(root, sessionId, out var bytes);
        if (packed is null && bytes > 0)
        {
            var over = FormattableString.Invariant($"{bytes / 1024} KiB packed, over the {CliSessionFiles.MaxPackedBytes / 1024} KiB");
            yield return new AgentOutput("stderr",
                $"errand: the session files take {over} a checkpoint holds; a resume on another worker starts a fresh session from the task and the workspace");
        }

        yield return checkpoint with { StateJson = stateOf(packed) };
    }

    /// <summary>
    /// Writes the checkpoint's session files into <paramref name="root"/> unless <paramref name="present"/> says they
    /// are there already; returns whether the session can be resumed here.
    /// </summary>
    public static bool Restore(string root, string? packed, Func<bool> present)
    {
        if (present())
        {
            return true;
        }

        if (packed is null)
        {
            return false;
        }

        try
        {
            CliSessionFiles.Unpack(packed, root);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            // A damaged copy is no session: the run starts afresh rather than fail the task.
            return false;
        }

        return present();
    }
}
