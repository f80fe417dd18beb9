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

    /// <summary>"warm (reused in 4 ms)", "cold (built in 3.2 s, 2 commands)" or "cold (no cache: overlay unavailable; 3.2 s)".</summary>
    public static string Describe(EnvironmentReport env) => env switch
    {
        { Warm: true } => string.Create(CultureInfo.InvariantCulture, $"environment: warm (reused in {env.Duration.TotalMilliseconds:0} ms)"),
        { Cached: true } => string.Create(CultureInfo.InvariantCulture,
            $"environment: cold (built in {env.Duration.TotalSeconds:0.0#} s, {env.Commands.Count} command{(env.Commands.Count == 1 ? "" : "s")})"),
        _ => string.Create(CultureInfo.InvariantCulture, $"environment: cold (no cache: {env.NotCachedReason}; {env.Duration.TotalSeconds:0.0#} s)"),
    };
}
