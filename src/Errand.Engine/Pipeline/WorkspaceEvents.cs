using System.Globalization;
using Errand.Journal;
using Errand.Json;
using Errand.Workspaces;

namespace Errand.Engine.Pipeline;

/// <summary>The journal events that say how a workspace and its environment were made.</summary>
internal static class WorkspaceEvents
{
    public static async Task WriteAsync(TaskJournal journal, Workspace workspace, CancellationToken cancellationToken)
    {
        var mode = workspace.ModeNote is null ? workspace.Mode : $"{workspace.Mode}; {workspace.ModeNote}";
        await journal.WriteAsync(JournalKinds.Workspace,
            workspace.IsGit
                ? string.Create(CultureInfo.InvariantCulture, $"workspace at {workspace.BaseCommit![..12]} on {workspace.Branch} ({mode}, {workspace.Duration.TotalMilliseconds:0} ms)")
                : "scratch workspace (no repository)",
            ErrandJson.Serialize(new
            {
                path = workspace.Path,
                branch = workspace.Branch,
                base_commit = workspace.BaseCommit,
                repo = workspace.Repo,
                mode = workspace.Mode,
                mode_note = workspace.ModeNote,
                duration_ms = workspace.Duration.TotalMilliseconds,
            }),
            cancellationToken);
        if (workspace.Environment is { } env)
        {
            await journal.WriteAsync(JournalKinds.Environment, Describe(env), ErrandJson.Serialize(new
            {
                key = env.Key,
                start = env.Warm ? "warm" : "cold",
                cached = env.Cached,
                reason = env.NotCachedReason,
                duration_ms = env.Duration.TotalMilliseconds,
                commands = env.Commands.Select(c => new { command = c.Command, exit_code = c.ExitCode, duration_ms = c.Duration.TotalMilliseconds }),
                lock_files = env.LockFiles,
            }), cancellationToken);
        }
    }

    /// <summary>
    /// Journals a snapshot the shared git remote did not get (a warning: until a later push succeeds, no other host
    /// can resume from it) and the first one it got after that. Never silent, never fatal: the work is safe here.
    /// </summary>
    public static async Task WriteSharedRemoteAsync(AttemptState state, WorkspaceSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (snapshot.SharedRemoteError is { } error)
        {
            state.UnpushedSnapshots++;
            await state.Journal.WriteAsync(JournalKinds.Warning,
                $"commit {snapshot.Commit![..12]} is only on this host: {error}; the next checkpoint pushes it again",
                ErrandJson.Serialize(new { commit = snapshot.Commit, error, failed_pushes = state.UnpushedSnapshots }), cancellationToken);
        }
        else if (state.UnpushedSnapshots > 0 && snapshot.Commit is { } commit)
        {
            await state.Journal.WriteAsync(JournalKinds.SharedRemote,
                string.Create(CultureInfo.InvariantCulture, $"commit {commit[..12]} pushed to the shared git remote after {state.UnpushedSnapshots} failed push{(state.UnpushedSnapshots == 1 ? "" : "es")}"),
                ErrandJson.Serialize(new { commit, failed_pushes = state.UnpushedSnapshots }), cancellationToken);
            state.UnpushedSnapshots = 0;
        }
    }

    /// <summary>"warm (reused in 4 ms)", "cold (built in 3.2 s, 2 commands)" or "cold (no cache: overlay unavailable; 3.2 s)".</summary>
    public static string Describe(EnvironmentReport env) => env switch
    {
        { Warm: true } => string.Create(CultureInfo.InvariantCulture, $"environment: warm (reused in {env.Duration.TotalMilliseconds:0} ms)"),
        { Cached: true } => string.Create(CultureInfo.InvariantCulture,
            $"environment: cold (built in {env.Duration.TotalSeconds:0.0#} s, {env.Commands.Count} command{(env.Commands.Count == 1 ? "" : "s")})"),
        _ => string.Create(CultureInfo.InvariantCulture, $"environment: cold (no cache: {env.NotCachedReason}; {env.Duration.TotalSeconds:0.0#} s)"),
    };
}
