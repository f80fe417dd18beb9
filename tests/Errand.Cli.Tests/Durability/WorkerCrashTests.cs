using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;
using Errand.Journal;
using Errand.Tasks;

namespace Errand.Cli.Tests.Durability;

/// <summary>kill -9 a worker process mid-task: another worker process takes the task over after the lease and finishes it once.</summary>
public sealed class WorkerCrashTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task KilledWorker_TaskIsReclaimedAndFinishedOnceByAnotherWorker()
    {
        using var repo = new TempGitRepo();
        repo.WriteFile("README.md", "crash test\n");
        repo.Commit("initial");
        var spec = repo.WriteSpec("crash.md", """
            title: Survive a worker crash
            agent: command
            command: echo "attempt $ERRAND_ATTEMPT started"; sleep 3; echo "written by attempt $ERRAND_ATTEMPT" > result.txt
            verify: [test -f result.txt]
            sandbox: { backend: none }
            """);

        var id = await ErrandProcess.SubmitAsync(repo.DataDir, repo.Root, spec, Timeout);

        await using var probe = await StoreProbe.OpenAsync(repo.DataDir);
        await using (var workerA = ErrandProcess.Start(repo.DataDir, repo.Root, "worker", "--id", "worker-a", "--lease", "5s", "--poll", "100ms"))
        {
            await probe.WaitForEventAsync(id, e => e.Kind == JournalKinds.Output && e.Message.Contains("attempt 1 started", StringComparison.Ordinal), Timeout);
            workerA.Signal(Native.SigKill);
            await workerA.WaitForExitAsync(Timeout);
        }

        var killedAt = DateTimeOffset.UtcNow;
        // Worker A's 5 s lease decides the reclaim; B's is long, so a loaded machine cannot make either lose the task to a
        // missed renewal (a 2 s lease did at load average 75: attempt 1 never got to print).
        await using var workerB = ErrandProcess.Start(repo.DataDir, repo.Root, "worker", "--id", "worker-b", "--lease", "30s", "--poll", "100ms");
        var done = await probe.WaitUntilAsync(id, t => t.State.IsTerminal(), Timeout);

        Assert.Equal(TaskState.Succeeded, done.State);
        Assert.Equal(2, done.Attempt);
        var journal = await probe.JournalAsync(id);
        var claims = journal.Where(e => e.Kind == JournalKinds.Claimed).ToList();
        Assert.Equal(2, claims.Count);
        Assert.Contains("worker-a", claims[0].DataJson ?? claims[0].Message, StringComparison.Ordinal);
        Assert.Contains("worker-b", claims[1].DataJson ?? claims[1].Message, StringComparison.Ordinal);
        Assert.Single(journal, e => e.Kind == JournalKinds.LeaseExpired);
        Assert.Single(journal, e => e.Kind == JournalKinds.State && e.Message.Contains("succeeded", StringComparison.Ordinal));
        Assert.True(claims[1].At >= killedAt.AddSeconds(-1), "the second claim came after the kill, once the lease lapsed");

        var branch = System.Text.Json.JsonDocument.Parse(done.ResultJson!).RootElement.GetProperty("branch").GetString()!;
        Assert.Equal("written by attempt 2", repo.Git("show", $"{branch}:result.txt"));
    }
}
