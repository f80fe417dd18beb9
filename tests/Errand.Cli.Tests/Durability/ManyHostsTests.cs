using System.Globalization;
using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Journal;
using Errand.Tasks;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Durability;

/// <summary>
/// Two "hosts": worker processes with their own data directories (own mirrors, own workspaces), one shared store and
/// one shared git remote. A task started on host A, whose worker is killed after checkpoints, is resumed by host B
/// from host A's last checkpoint (fetched from the shared remote) and finished there.
/// </summary>
public sealed class ManyHostsTests
{
    private const int Files = 6;
    private const int HeldTurn = 4;

    // Generous: two cold `dotnet errand.dll` starts, a 2 s lease to lapse, and 7 turns with a git checkpoint each,
    // on a loaded 2-core machine.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task KilledOnHostA_ResumedOnHostBThroughSharedStoreAndGitRemote_KeepsHostAWork()
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
        var id = await ErrandProcess.SubmitAsync(hostA, repo.Root, spec, Timeout);
        SharedStore.Link(hostA, hostB);
        await using var probe = await StoreProbe.OpenAsync(hostA);

        await using (var workerA = ErrandProcess.Start(hostA, repo.Root, model.Environment,
            "worker", "--id", "host-a", "--lease", "2s", "--poll", "100ms", "--git-remote", remote))
        {
            await model.HeldTurnRequested.WaitAsync(Timeout);
            workerA.Signal(Native.SigKill);
            await workerA.WaitForExitAsync(Timeout);
            Assert.Contains(workerA.Lines, l => l.Contains("git remote " + remote, StringComparison.Ordinal));
        }

        // Host A's last checkpoint is in the store, and its workspace commit on the shared remote; host B has never
        // seen the repository.
        var journalA = await probe.JournalAsync(id);
        Assert.Contains(journalA, e => e.Kind == JournalKinds.Checkpoint && e.Message == $"checkpoint at step {HeldTurn - 1}");
        var checkpointCommit = repo.Git("--git-dir=" + remote, "rev-parse", $"refs/errand/tasks/{id}/1");
        Assert.Equal($"file {HeldTurn - 1}", repo.Git("--git-dir=" + remote, "show", $"{checkpointCommit}:f{HeldTurn - 1}.txt"));
        Assert.False(Directory.Exists(Path.Combine(hostB, "repos")), "host B has no mirror yet");

        await using var workerB = ErrandProcess.Start(hostB, repo.Root, model.Environment,
            "worker", "--id", "host-b", "--lease", "2s", "--poll", "100ms", "--git-remote", remote);
        var done = await probe.WaitUntilAsync(id, t => t.State.IsTerminal(), Timeout);

        Assert.True(done.State == TaskState.Succeeded, $"{done.State.ToWireName()} ({done.Reason})\n{workerB.Output}");
        var journal = await probe.JournalAsync(id);
        Assert.Collection(journal.Where(e => e.Kind == JournalKinds.Claimed).Select(e => e.DataJson ?? e.Message),
            a => Assert.Contains("host-a", a, StringComparison.Ordinal),
            b => Assert.Contains("host-b", b, StringComparison.Ordinal));
        var resumed = Assert.Single(journal, e => e.Attempt == 2 && e.Message.StartsWith("resuming", StringComparison.Ordinal));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"resuming from checkpoint {HeldTurn - 1} of attempt 1"), resumed.Message);
        var workspaceB = Assert.Single(journal, e => e.Attempt == 2 && e.Kind == JournalKinds.Workspace);
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

        // The branch is on the shared remote too, where every host (and the team) can see it.
        Assert.Equal(repo.Git("rev-parse", branch), repo.Git("--git-dir=" + remote, "rev-parse", "refs/heads/" + branch));
    }
}
