using System.Globalization;
using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Journal;
using Errand.Tasks;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Durability;

/// <summary>
/// kill -9 a worker process in the middle of a 10-turn builtin-agent task talking to a model over the real OpenAI wire:
/// another worker process resumes from the last checkpoint and finishes it, repeating at most the turn in flight.
/// </summary>
public sealed class BuiltinAgentCrashTests
{
    private const int Files = 9;
    private const int HeldTurn = 6;

    // Generous: two cold `dotnet errand.dll` starts, a 2 s lease to lapse, and 10 turns with a git checkpoint each,
    // on a loaded 2-core machine.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task KilledWorkerMidTask_AnotherWorkerResumesFromCheckpoint_AtMostOneTurnRepeated()
    {
        // Nine write_file turns, then finish: ten model turns in all; turn 6 is in flight at the kill.
        await using var model = await HeldTurnModel.StartAsync(Files, HeldTurn);

        using var repo = new TempGitRepo();
        repo.WriteFile("README.md", "crash-resume\n");
        repo.Commit("initial");
        var spec = repo.WriteSpec("crash.md", $$"""
            title: Write nine files across a crash
            agent: builtin
            model: openai/fake-gpt
            verify: ["ls {{model.FileNames}}"]
            sandbox: { backend: none }
            """);
        var id = await ErrandProcess.SubmitAsync(repo.DataDir, repo.Root, spec, Timeout);
        await using var probe = await StoreProbe.OpenAsync(repo.DataDir);
        await using (var workerA = ErrandProcess.Start(repo.DataDir, repo.Root, model.Environment, "worker", "--id", "worker-a", "--lease", "5s", "--poll", "100ms"))
        {
            await model.HeldTurnRequested.WaitAsync(Timeout);
            var before = await probe.JournalAsync(id);
            Assert.Contains(before, e => e.Kind == JournalKinds.Checkpoint && e.Message == $"checkpoint at step {HeldTurn - 1}");
            workerA.Signal(Native.SigKill);
            await workerA.WaitForExitAsync(Timeout);
        }

        Assert.Equal(HeldTurn, model.Requests);
        // Worker A's 5 s lease decides how soon the task is reclaimed; worker B's own lease is long, so that a loaded
        // machine cannot make B miss a renewal and lose the task a second time.
        await using var workerB = ErrandProcess.Start(repo.DataDir, repo.Root, model.Environment, "worker", "--id", "worker-b", "--lease", "30s", "--poll", "100ms");
        var done = await probe.WaitUntilAsync(id, t => t.State.IsTerminal(), Timeout);

        Assert.True(done.State == TaskState.Succeeded, $"{done.State.ToWireName()} ({done.Reason})\n{workerB.Output}");
        Assert.Equal(2, done.Attempt);
        var journal = await probe.JournalAsync(id);
        Assert.Collection(journal.Where(e => e.Kind == JournalKinds.Claimed).Select(e => e.DataJson ?? e.Message),
            a => Assert.Contains("worker-a", a, StringComparison.Ordinal),
            b => Assert.Contains("worker-b", b, StringComparison.Ordinal));
        Assert.Single(journal, e => e.Kind == JournalKinds.LeaseExpired);
        Assert.Contains(journal, e => e.Attempt == 1 && e.Kind == JournalKinds.Checkpoint);
        var resumed = Assert.Single(journal, e => e.Attempt == 2 && e.Kind == JournalKinds.Checkpoint && e.Message.StartsWith("resuming", StringComparison.Ordinal));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"resuming from checkpoint {HeldTurn - 1} of attempt 1"), resumed.Message);
        Assert.Single(journal, e => e.Kind == JournalKinds.AgentFinished);
        Assert.Single(journal, e => e.Kind == JournalKinds.State && e.Message.Contains("succeeded", StringComparison.Ordinal));

        // Ten turns, of which the one in flight at the kill was asked twice: never the whole conversation again.
        var requests = model.Requests;
        Assert.True(requests <= model.Turns + 1, $"the fake model saw {requests} chat requests; at most {model.Turns + 1} allowed");
        Assert.Equal(model.Turns + 1, requests);

        var branch = JsonDocument.Parse(done.ResultJson!).RootElement.GetProperty("branch").GetString()!;
        for (var i = 1; i <= Files; i++)
        {
            Assert.Equal($"file {i}", repo.Git("show", $"{branch}:f{i}.txt"));
        }
    }
}
