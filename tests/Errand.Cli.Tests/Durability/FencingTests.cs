using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;
using Errand.Journal;
using Errand.Tasks;

namespace Errand.Cli.Tests.Durability;

/// <summary>A worker paused (SIGSTOP) past its lease and then resumed cannot write anything to a task another worker owns.</summary>
public sealed class FencingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PausedWorker_ResumedAfterTakeover_WritesNothing()
    {
        using var repo = new TempGitRepo();
        repo.WriteFile("README.md", "fencing test\n");
        repo.Commit("initial");
        var spec = repo.WriteSpec("fence.md", """
            title: Outlive a paused worker
            agent: command
            command: for i in $(seq 1 25); do echo "attempt $ERRAND_ATTEMPT tick $i"; sleep 0.1; done; echo "by attempt $ERRAND_ATTEMPT" > result.txt
            verify: [test -f result.txt]
            sandbox: { backend: none }
            """);
        var id = await ErrandProcess.SubmitAsync(repo.DataDir, repo.Root, spec, Timeout);

        await using var probe = await StoreProbe.OpenAsync(repo.DataDir);
        await using var workerA = ErrandProcess.Start(repo.DataDir, repo.Root, "worker", "--id", "worker-a", "--lease", "2s", "--poll", "100ms");
        await probe.WaitForEventAsync(id, e => e.Message.Contains("attempt 1 tick", StringComparison.Ordinal), Timeout);
        workerA.Signal(Native.SigStop);

        TaskRecord done;
        await using (var workerB = ErrandProcess.Start(repo.DataDir, repo.Root, "worker", "--id", "worker-b", "--lease", "2s", "--poll", "100ms"))
        {
            done = await probe.WaitUntilAsync(id, t => t.State.IsTerminal(), Timeout);
        }

        Assert.Equal(TaskState.Succeeded, done.State);
        var before = await probe.JournalAsync(id);

        workerA.Signal(Native.SigCont);
        // Worker A wakes up believing it still owns attempt 1: its next heartbeat or journal write is refused.
        await workerA.WaitForLineAsync(l => l.Contains("lease lost", StringComparison.OrdinalIgnoreCase), Timeout);
        // A graceful stop waits for everything worker A still had under way, so whatever it was going to try, it has.
        workerA.Signal(Native.SigTerm);
        Assert.Equal(0, await workerA.WaitForExitAsync(Timeout));

        var after = await probe.JournalAsync(id);
        var final = await probe.GetAsync(id);
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(done.UpdatedAt, final.UpdatedAt);
        Assert.Equal(done.ResultJson, final.ResultJson);
        var expired = after.Single(e => e.Kind == JournalKinds.LeaseExpired);
        Assert.DoesNotContain(after, e => e.Seq > expired.Seq && e.Message.Contains("attempt 1", StringComparison.Ordinal));
        var branch = System.Text.Json.JsonDocument.Parse(final.ResultJson!).RootElement.GetProperty("branch").GetString()!;
        Assert.Equal("by attempt 2", repo.Git("show", $"{branch}:result.txt"));
    }
}
