using Errand.Agents.Builtin;
using Errand.Agents.Models;
using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Engine.Tests.Tasks;

/// <summary>`errand followup`: an ended task continues its conversation on its branch and is verified again.</summary>
public sealed class FollowUpTests
{
    private const string Script = """
        - tools: [ { write_file: { path: a.txt, content: a } } ]
        - tools: [ { finish: { summary: wrote a.txt } } ]
        - expect: also write b.txt
          tools: [ { write_file: { path: b.txt, content: b } } ]
        - tools: [ { finish: { summary: wrote b.txt too } } ]
        """;

    private static async Task<(EngineHarness H, TaskRecord Task)> FinishedTaskAsync(int steps = 10)
    {
        var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new BuiltinAgentRuntime(new ChatClientFactory(new ModelOptions())));
        h.StartWorker();
        var script = Path.Combine(h.Repo.Root, "script.yaml");
        await File.WriteAllTextAsync(script, Script);
        var task = await h.SubmitAsync(new TaskSpec
        {
            Title = "Files",
            Agent = AgentNames.Builtin,
            Model = "scripted/" + script,
            Budget = new BudgetSpec { Steps = steps },
            Verify = new VerifySpec { Checks = [new CheckSpec("a", "test -f a.txt")] },
            Sandbox = new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true },
        });
        var done = await h.WaitForEndAsync(task.Id);
        Assert.True(done.State == TaskState.Succeeded, done.Reason);
        return (h, done);
    }

    private static TaskResult ResultOf(TaskRecord task) => Json.ErrandJson.Deserialize<TaskResult>(task.ResultJson!);

    [Fact]
    public async Task FollowUp_SucceededTask_ContinuesTheConversationOnTheSameBranch_AndIsVerifiedAgain()
    {
        var (h, first) = await FinishedTaskAsync();
        await using var _ = h;
        var firstHead = ResultOf(first).HeadCommit!;

        var queued = await h.Transitions.FollowUpAsync(first.Id, "also write b.txt", h.Time.GetUtcNow(), CancellationToken.None);
        Assert.True(queued.Applied);
        var second = await h.WaitForAsync(first.Id, t => t.State.IsTerminal() && t.Attempt > first.Attempt);

        Assert.True(second.State == TaskState.Succeeded, second.Reason);
        var result = ResultOf(second);
        Assert.Equal(ResultOf(first).Branch, result.Branch);
        Assert.Equal("b", h.Repo.Git("show", $"{result.Branch}:b.txt"));
        Assert.Equal("a", h.Repo.Git("show", $"{result.Branch}:a.txt"));
        // Built on the delivered work, so the branch moved forward, never sideways.
        Assert.Equal(firstHead, h.Repo.Git("merge-base", firstHead, result.HeadCommit!));
        Assert.Equal("wrote b.txt too", result.AgentSummary);
        Assert.Single(result.Checks);
        var journal = await h.JournalAsync(first.Id);
        // The script's third turn expected the follow-up in the conversation; no turn was asked twice.
        Assert.Equal(4, journal.Count(e => e.Kind == JournalKinds.ModelTurn));
        Assert.Single(journal, e => e.Kind == JournalKinds.FollowUp);
    }

    [Fact]
    public async Task FollowUp_CountsItsBudgetAfresh()
    {
        var (h, first) = await FinishedTaskAsync(steps: 2);
        await using var _ = h;

        await h.Transitions.FollowUpAsync(first.Id, "also write b.txt", h.Time.GetUtcNow(), CancellationToken.None);
        var second = await h.WaitForAsync(first.Id, t => t.State.IsTerminal() && t.Attempt > first.Attempt);

        // Two steps used by the first run, two more by the follow-up: each within its own budget of two.
        Assert.True(second.State == TaskState.Succeeded, second.Reason);
    }

    [Fact]
    public async Task FollowUp_TaskStillQueued_IsRefused()
    {
        await using var h = await EngineHarness.CreateAsync();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("true"));

        var outcome = await h.Transitions.FollowUpAsync(task.Id, "more", h.Time.GetUtcNow(), CancellationToken.None);

        Assert.False(outcome.Applied);
        Assert.Equal(TaskState.Queued, outcome.Current!.State);
    }
}
