using System.Globalization;
using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Journal;
using Errand.Storage.Postgres;
using Errand.Tasks;
using Errand.Tests.Shared;
using Errand.Tests.Shared.Postgres;

namespace Errand.Cli.Tests.Durability;

/// <summary>
/// Two "hosts": worker processes with their own data directories (own mirrors, own workspaces), one shared store and
/// one shared git remote. A task started on host A, whose worker is killed after checkpoints, is resumed by host B
/// from host A's last checkpoint (fetched from the shared remote) and finished there: on SQLite (one database file
/// both hosts reach) and on PostgreSQL (one database, given by --store).
/// </summary>
public sealed class ManyHostsTests : IAsyncDisposable
{
    private const int Files = 6;
    private const int HeldTurn = 4;

    // Generous: two cold `dotnet errand.dll` starts, a 5 s lease to lapse (long enough not to lapse under a live worker
    // on a starved machine), and 7 turns with a git checkpoint each,
    // on a loaded 2-core machine.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    private string? _schema;

    public async ValueTask DisposeAsync()
    {
        if (_schema is not null)
        {
            await PostgresServer.DropSchemaAsync(_schema);
        }
    }

    [Fact]
    public Task KilledOnHostA_ResumedOnHostBThroughSharedSqliteAndGitRemote_KeepsHostAWork() =>
        RunAsync([], async (hostA, hostB) =>
        {
            SharedStore.Link(hostA, hostB);
            return await StoreProbe.OpenAsync(hostA);
        });

    [Fact]
    public async Task KilledOnHostA_ResumedOnHostBThroughPostgresAndGitRemote_KeepsHostAWork()
    {
        (_schema, var connection) = await PostgresServer.CreateSchemaAsync();
        await RunAsync(["--store", connection], async (_, _) =>
            StoreProbe.Over(await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connection }, CancellationToken.None)));
    }

    /// <param name="store">The arguments every errand process gets to reach the shared store.</param>
    /// <param name="share">Makes host B's data directory reach host A's store, once the task is submitted; returns a reader of it.</param>
    private static async Task RunAsync(string[] store, Func<string, string, Task<StoreProbe>> share)
    {
        await using var model = await HeldTurnModel.StartAsync(Files, HeldTurn);
        using var repo = new TempGitRepo();
        repo.WriteFile("README.md", "many hosts\n");
        repo.Commit("initial");
        var remote = Path.Combine(repo.Root, "shared.git");
        repo.Git("init", "--quiet", "--bare", remote);
        var spec = repo.WriteSpec("hosts.md", $$"""
            title: Write files across two hosts
            agent: builtin
            model: openai/fake-gpt
            verify: ["ls {{model.FileNames}}"]
            sandbox: { backend: none }
            """);

        var hostA = repo.DataDir;
        var hostB = Path.Combine(repo.Root, "data-b");
        var (code, stdout, all) = await ErrandProcess.RunCapturedAsync(hostA, repo.Root, Timeout, ["submit", .. store, spec]);
        Assert.True(code == 0, all);
        var id = long.Parse(stdout.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
        await using var probe = await share(hostA, hostB);

        await using (var workerA = ErrandProcess.Start(hostA, repo.Root, model.Environment,
            ["worker", .. store, "--id", "host-a", "--lease", "5s", "--poll", "100ms", "--git-remote", remote]))
        {
            await model.HeldTurnRequested.WaitAsync(Timeout);
            workerA.Signal(Native.SigKill);
            await workerA.WaitForExitAsync(Timeout);
            Assert.Contains(workerA.Lines, l => l.Contains("git remote " + remote, StringComparison.Ordinal));
        }

        // Host A's last checkpoint is in the store, and its workspace commit on the shared remote; host B has never
        // seen the repository.
        var journalA = await probe.JournalAsync(id);
        // On a starved machine host A's own reaper may have taken a lapsed lease back once: the attempt that saved it counts.
        var saved = Assert.Single(journalA, e => e.Kind == JournalKinds.Checkpoint && e.Message == $"checkpoint at step {HeldTurn - 1}");
        var installation = await probe.InstallationIdAsync();
        var checkpointCommit = repo.Git("--git-dir=" + remote, "rev-parse", $"refs/errand/installations/{installation}/tasks/{id}/{saved.Attempt}");
        Assert.Equal($"file {HeldTurn - 1}", repo.Git("--git-dir=" + remote, "show", $"{checkpointCommit}:f{HeldTurn - 1}.txt"));
        Assert.False(Directory.Exists(Path.Combine(hostB, "repos")), "host B has no mirror yet");

        // Host B is given the remote by its config file (a path relative to the file), host A on the command line.
        Directory.CreateDirectory(hostB);
        File.WriteAllText(Path.Combine(hostB, "config.yaml"), "workers:\n  git_remote: ../shared.git\n");
        await using var workerB = ErrandProcess.Start(hostB, repo.Root, model.Environment,
            ["worker", .. store, "--id", "host-b", "--lease", "5s", "--poll", "100ms"]);
        var done = await probe.WaitUntilAsync(id, t => t.State.IsTerminal(), Timeout);

        Assert.True(done.State == TaskState.Succeeded, $"{done.State.ToWireName()} ({done.Reason})\n{workerB.Output}");
        Assert.Contains(workerB.Lines, l => l.Contains("git remote " + remote, StringComparison.Ordinal));
        var journal = await probe.JournalAsync(id);
        var claims = journal.Where(e => e.Kind == JournalKinds.Claimed).ToList();
        Assert.Contains("host-a", claims[saved.Attempt - 1].DataJson ?? claims[saved.Attempt - 1].Message, StringComparison.Ordinal);
        var last = claims[^1];
        Assert.Contains("host-b", last.DataJson ?? last.Message, StringComparison.Ordinal);
        var resumed = Assert.Single(journal, e => e.Attempt == last.Attempt && e.Message.StartsWith("resuming", StringComparison.Ordinal));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"resuming from checkpoint {HeldTurn - 1} of attempt {saved.Attempt}"), resumed.Message);
        var workspaceB = Assert.Single(journal, e => e.Attempt == last.Attempt && e.Kind == JournalKinds.Workspace);
        Assert.Contains(hostB, workspaceB.DataJson, StringComparison.Ordinal);
        Assert.Single(journal, e => e.Kind == JournalKinds.State && e.Message.Contains("succeeded", StringComparison.Ordinal));

        // Resumed, not redone: one turn asked twice (the one in flight at the kill), and host A's checkpoint commit is
        // an ancestor of what host B delivered.
        Assert.Equal(model.Turns + 1, model.Requests);
        var branch = JsonDocument.Parse(done.ResultJson!).RootElement.GetProperty("branch").GetString()!;
        repo.Git("merge-base", "--is-ancestor", checkpointCommit, branch);
        for (var i = 1; i <= Files; i++)
        {
            Assert.Equal($"file {i}", repo.Git("show", $"{branch}:f{i}.txt"));
        }

        // The branch is on the shared remote too, under the installation's prefix, where every host (and the team) can see it.
        Assert.Equal(repo.Git("rev-parse", branch), repo.Git("--git-dir=" + remote, "rev-parse", $"refs/heads/{installation}/{branch}"));
    }
}
