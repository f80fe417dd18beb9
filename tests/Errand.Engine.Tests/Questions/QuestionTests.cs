using Errand.Agents.Builtin;
using Errand.Agents.Models;
using Errand.Engine.Tasks;
using Errand.Engine.Tests.Support;
using Errand.Engine.Workers;
using Errand.Journal;
using Errand.Json;
using Errand.Notifications;
using Errand.Questions;
using Errand.Specs;
using Errand.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Errand.Engine.Tests.Questions;

/// <summary>A task that asks a human parks without a worker, and resumes anywhere with the answer.</summary>
public sealed class QuestionTests
{
    private const string AskScript = """
        - tools: [ { ask_human: { question: "Which date format is canonical?", options: [ISO-8601, RFC-2822], default: RFC-2822, timeout: 2s } } ]
        - expect: "answered: ISO-8601"
          tools: [ { write_file: { path: format.txt, content: ISO-8601 } } ]
        - tools: [ { finish: { summary: used the answer } } ]
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static async Task<EngineHarness> HarnessAsync(TimeProvider? time = null)
    {
        var h = await EngineHarness.CreateAsync(time);
        h.ExtraAgents.Add(new BuiltinAgentRuntime(new ChatClientFactory(new ModelOptions())));
        return h;
    }

    private static async Task<TaskRecord> SubmitScriptedAsync(EngineHarness h, string script, Func<TaskSpec, TaskSpec>? shape = null)
    {
        var path = Path.Combine(h.Repo.Root, $"script-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, script);
        var spec = new TaskSpec
        {
            Title = "Pick a format",
            Agent = AgentNames.Builtin,
            Model = "scripted/" + path,
            Notify = ["hook"],
            Sandbox = new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true },
        };
        return await h.SubmitAsync(shape is null ? spec : shape(spec));
    }

    private static async Task<List<(string Event, string Key)>> OutboxAsync(EngineHarness h)
    {
        var items = await h.Store.ClaimOutboxAsync(100, TimeSpan.FromMinutes(5), CancellationToken.None);
        return [.. items.Select(i => (i.Message.Event, i.Message.Key))];
    }

    [Fact]
    public async Task AskHuman_AnsweredWhileNoWorkerRuns_AnotherWorkerResumesWithTheAnswer()
    {
        await using var h = await HarnessAsync();
        h.StartWorker(new WorkerOptions { WorkerId = "worker-a", PollInterval = TimeSpan.FromMilliseconds(50) });
        var task = await SubmitScriptedAsync(h, AskScript);

        var parked = await h.WaitForAsync(task.Id, t => t.State == TaskState.WaitingForHuman, Patience);
        await h.StopWorkersAsync();
        Assert.Null(parked.LeaseOwner);
        Assert.NotNull(parked.WakeAt); // the 2s deadline is a durable timer, not a sleeping worker

        var inbox = await h.Transitions.ReadQuestionsAsync(task.Id, CancellationToken.None);
        Assert.Equal("Which date format is canonical?", inbox.Open!.Question.Text);
        Assert.Equal(["ISO-8601", "RFC-2822"], inbox.Open.Question.Options);

        var answered = await h.Transitions.AnswerAsync(task.Id, "iso-8601", "ada", CancellationToken.None);
        Assert.Equal(AnswerStatus.Answered, answered.Status);
        Assert.Equal("ISO-8601", answered.Answer!.Text); // matched to the option's own spelling
        Assert.Equal(TaskState.Queued, answered.Task!.State);
        Assert.Null(answered.Task.WakeAt);

        h.StartWorker(new WorkerOptions { WorkerId = "worker-b", PollInterval = TimeSpan.FromMilliseconds(50) });
        var done = await h.WaitForEndAsync(task.Id, Patience);

        Assert.True(done.State == TaskState.Succeeded, done.Reason);
        var journal = await h.JournalAsync(task.Id);
        Assert.Equal(["worker-a", "worker-b"], journal.Where(e => e.Kind == JournalKinds.Claimed).Select(e => ClaimedBy(e)).ToArray());
        var answer = ErrandJson.Deserialize<HumanAnswer>(Assert.Single(journal, e => e.Kind == JournalKinds.Answered).DataJson!);
        Assert.Equal(("ada", "ISO-8601"), (answer.By, answer.Text));
        // The script's second turn expected the answer as the ask_human call's result: the model saw it.
        Assert.Equal(3, journal.Count(e => e.Kind == JournalKinds.ModelTurn));
        var outbox = await OutboxAsync(h);
        Assert.Single(outbox, o => o.Event == NotificationEvents.NeedsInput);
        Assert.Single(outbox, o => o.Event == NotificationEvents.Succeeded);
        Assert.Equal(2, outbox.Count);
    }

    [Fact]
    public async Task AskHuman_DeadlinePasses_TakesTheDefaultAndGoesOn()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await HarnessAsync(clock);
        h.StartWorker(new WorkerOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        var task = await SubmitScriptedAsync(h, AskScript.Replace("answered: ISO-8601", "default: RFC-2822", StringComparison.Ordinal));
        var parked = await h.WaitForAsync(task.Id, t => t.State == TaskState.WaitingForHuman, Patience);
        Assert.Equal(clock.GetUtcNow().AddSeconds(2), parked.WakeAt);

        var done = await AdvanceUntilAsync(h, clock, task.Id, t => t.State.IsTerminal());

        Assert.True(done.State == TaskState.Succeeded, done.Reason);
        var answer = ErrandJson.Deserialize<HumanAnswer>(Assert.Single(await h.JournalAsync(task.Id), e => e.Kind == JournalKinds.Answered).DataJson!);
        Assert.True(answer.TimedOut);
        Assert.Equal("RFC-2822", answer.Text);
    }

    [Fact]
    public async Task AskHuman_DeadlinePassesWithOnTimeoutFail_FailsTheTask()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await HarnessAsync(clock);
        h.StartWorker(new WorkerOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        var task = await SubmitScriptedAsync(h, AskScript, s => s with { Questions = new QuestionsSpec { OnTimeout = QuestionsSpec.Fail } });
        await h.WaitForAsync(task.Id, t => t.State == TaskState.WaitingForHuman, Patience);

        var done = await AdvanceUntilAsync(h, clock, task.Id, t => t.State.IsTerminal());

        Assert.Equal(TaskState.Failed, done.State);
        Assert.Contains("nobody answered in time", done.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_NotAnOption_IsRefusedAndTheQuestionStaysOpen()
    {
        await using var h = await HarnessAsync();
        h.StartWorker();
        var task = await SubmitScriptedAsync(h, AskScript);
        await h.WaitForAsync(task.Id, t => t.State == TaskState.WaitingForHuman, Patience);

        var wrong = await h.Transitions.AnswerAsync(task.Id, "YAML", "ada", CancellationToken.None);
        var byNumber = await h.Transitions.AnswerAsync(task.Id, "1", "ada", CancellationToken.None);
        var again = await h.Transitions.AnswerAsync(task.Id, "2", "bob", CancellationToken.None);

        Assert.Equal(AnswerStatus.Invalid, wrong.Status);
        Assert.Contains("ISO-8601, RFC-2822", wrong.Problem, StringComparison.Ordinal);
        Assert.Equal(("ISO-8601", AnswerStatus.Answered), (byNumber.Answer!.Text, byNumber.Status));
        Assert.Equal(AnswerStatus.NoQuestion, again.Status); // one answer per question: the second is refused, not lost silently
        Assert.Equal(AnswerStatus.NotFound, (await h.Transitions.AnswerAsync(9999, "1", "ada", CancellationToken.None)).Status);
        Assert.True((await h.WaitForEndAsync(task.Id, Patience)).State == TaskState.Succeeded);
    }

    [Fact]
    public async Task CommandApproval_Rejected_TheCommandNeverRuns_Approved_ItRuns()
    {
        const string script = """
            - tools: [ { run_command: { command: "touch pushed-1" } } ]
            - expect: "did not approve"
              tools: [ { run_command: { command: "touch pushed-2" } } ]
            - expect: "exit code 0"
              tools: [ { finish: { summary: done } } ]
            """;
        await using var h = await HarnessAsync();
        h.StartWorker();
        var task = await SubmitScriptedAsync(h, script, s => s with { Approvals = ["command:touch pushed*"], Notify = [] });

        await h.WaitForAsync(task.Id, t => t.State == TaskState.WaitingForHuman, Patience);
        var first = await h.Transitions.ReadQuestionsAsync(task.Id, CancellationToken.None);
        Assert.Equal(ApprovalSubjects.Command("touch pushed-1"), first.Open!.Question.Subject);
        await h.Transitions.AnswerAsync(task.Id, "reject", "ada", CancellationToken.None);
        await h.WaitForAsync(task.Id, t => t.State == TaskState.WaitingForHuman && t.Attempt == 2, Patience);
        await h.Transitions.AnswerAsync(task.Id, "approve", "ada", CancellationToken.None);
        var done = await h.WaitForEndAsync(task.Id, Patience);

        Assert.True(done.State == TaskState.Succeeded, done.Reason);
        var branch = Json.ErrandJson.Deserialize<Results.TaskResult>(done.ResultJson!).Branch!;
        var files = h.Repo.Git("ls-tree", "--name-only", branch);
        Assert.Contains("pushed-2", files, StringComparison.Ordinal);
        Assert.DoesNotContain("pushed-1", files, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanApprove_ChangesRefusedUntilApproved_AndAnEditedPlanReachesTheAgent()
    {
        const string script = """
            - tools: [ { write_file: { path: early.txt, content: x } } ]
            - expect: "propose your plan"
              tools: [ { propose_plan: { plan: "1. write plan.txt" } } ]
            - expect: "write edited.txt instead"
              tools: [ { write_file: { path: edited.txt, content: y } } ]
            - tools: [ { finish: { summary: followed the edited plan } } ]
            """;
        await using var h = await HarnessAsync();
        h.StartWorker();
        var task = await SubmitScriptedAsync(h, script, s => s with { Plan = PlanModes.Approve, Notify = [] });

        await h.WaitForAsync(task.Id, t => t.State == TaskState.WaitingForHuman, Patience);
        var plan = (await h.Transitions.ReadQuestionsAsync(task.Id, CancellationToken.None)).Open!.Question;
        Assert.Equal((QuestionKinds.Plan, "1. write plan.txt"), (plan.Kind, plan.Subject));
        Assert.Equal(AnswerStatus.Answered, (await h.Transitions.AnswerAsync(task.Id, "1. write edited.txt instead", "ada", CancellationToken.None)).Status);
        var done = await h.WaitForEndAsync(task.Id, Patience);

        Assert.True(done.State == TaskState.Succeeded, done.Reason);
        var branch = Json.ErrandJson.Deserialize<Results.TaskResult>(done.ResultJson!).Branch!;
        var files = h.Repo.Git("ls-tree", "--name-only", branch);
        Assert.Contains("edited.txt", files, StringComparison.Ordinal);
        Assert.DoesNotContain("early.txt", files, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BudgetApproval_Extend_RaisesTheBudgetAndGoesOn_Stop_EndsPartial()
    {
        const string script = """
            - tools: [ { write_file: { path: one.txt, content: "1" } } ]
            - tools: [ { write_file: { path: two.txt, content: "2" } } ]
            - tools: [ { finish: { summary: both } } ]
            """;
        await using var h = await HarnessAsync();
        h.StartWorker();
        var extended = await SubmitScriptedAsync(h, script, s => s with { Approvals = ["budget"], Budget = new BudgetSpec { Steps = 2 }, Notify = [] });
        var stopped = await SubmitScriptedAsync(h, script, s => s with { Approvals = ["budget"], Budget = new BudgetSpec { Steps = 1 }, Notify = ["hook"] });

        await h.WaitForAsync(extended.Id, t => t.State == TaskState.WaitingForHuman, Patience);
        await h.WaitForAsync(stopped.Id, t => t.State == TaskState.WaitingForHuman, Patience);
        var question = (await h.Transitions.ReadQuestionsAsync(extended.Id, CancellationToken.None)).Open!.Question;
        Assert.Equal((ApprovalSubjects.Budget, QuestionAnswers.Stop), (question.Subject, question.Default));

        await h.Transitions.AnswerAsync(extended.Id, "extend", "ada", CancellationToken.None);
        var stop = await h.Transitions.AnswerAsync(stopped.Id, "stop", "ada", CancellationToken.None);

        Assert.Equal(TaskState.Partial, stop.Task!.State); // ended at once, no worker needed
        var done = await h.WaitForEndAsync(extended.Id, Patience);
        Assert.True(done.State == TaskState.Succeeded, done.Reason);
        Assert.Equal(4, TaskSpecJson.Deserialize(done.SpecJson).Budget.Steps);
        var outbox = await OutboxAsync(h);
        Assert.Contains(outbox, o => o.Event == NotificationEvents.Partial && o.Key.StartsWith($"task-{stopped.Id}/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NetworkApproval_AskedBeforeTheWorkStarts_ApprovedHostJoinsTheAllowList()
    {
        await using var h = await HarnessAsync();
        h.StartWorker();
        var spec = EngineHarness.CommandSpec("true") with { Approvals = ["network:api.example.com"] };
        var task = await h.SubmitAsync(spec);

        await h.WaitForAsync(task.Id, t => t.State == TaskState.WaitingForHuman, Patience);
        var journal = await h.JournalAsync(task.Id);
        Assert.DoesNotContain(journal, e => e.Kind == JournalKinds.Workspace); // nothing prepared before the answer
        await h.Transitions.AnswerAsync(task.Id, "approve", "ada", CancellationToken.None);
        var done = await h.WaitForEndAsync(task.Id, Patience);

        Assert.True(done.State == TaskState.Succeeded, done.Reason);
        var network = TaskSpecJson.Deserialize(done.SpecJson).Sandbox.Network;
        Assert.Equal(NetworkMode.Allow, network.Mode);
        Assert.Equal(["api.example.com"], network.AllowHosts);
        Assert.Single(await h.JournalAsync(task.Id), e => e.Kind == JournalKinds.Question);
    }

    [Theory]
    [InlineData("approve", true)]
    [InlineData("reject", false)]
    public async Task PushApproval_AskedAfterTheChecksPass_PushesOnlyWhenApproved(string answer, bool pushed)
    {
        await using var h = await HarnessAsync();
        var remote = Path.Combine(h.Repo.Root, "origin.git");
        h.Repo.Git("init", "--quiet", "--bare", remote);
        h.Repo.Git("remote", "add", "origin", remote);
        h.StartWorker();
        var spec = EngineHarness.CommandSpec("echo fixed > fix.txt", "test -f fix.txt") with
        {
            Approvals = ["push"],
            Deliver = new DeliverSpec { Push = "origin" },
        };
        var task = await h.SubmitAsync(spec);

        await h.WaitForAsync(task.Id, t => t.State == TaskState.WaitingForHuman, Patience);
        var question = (await h.Transitions.ReadQuestionsAsync(task.Id, CancellationToken.None)).Open!.Question;
        Assert.Equal(ApprovalSubjects.Push, question.Subject);
        Assert.Contains("to origin?", question.Text, StringComparison.Ordinal);
        Assert.NotEqual(0, GitExit(remote, "rev-parse", "--verify", "--quiet", "refs/heads/errand/1-fix-the-greeting"));
        await h.Transitions.AnswerAsync(task.Id, answer, "ada", CancellationToken.None);
        var done = await h.WaitForEndAsync(task.Id, Patience);

        Assert.True(done.State == TaskState.Succeeded, done.Reason);
        var branch = Json.ErrandJson.Deserialize<Results.TaskResult>(done.ResultJson!).Branch!;
        Assert.Equal(pushed, GitExit(remote, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch) == 0);
        Assert.Contains(pushed ? "pushed errand/" : "not pushed to origin: ada rejected it", done.Reason, StringComparison.Ordinal);
        if (pushed)
        {
            Assert.Equal(h.Repo.Git("rev-parse", branch), Git(remote, "rev-parse", "refs/heads/" + branch));
        }
    }

    private static int GitExit(string gitDir, params string[] args)
    {
        using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["--git-dir=" + gitDir, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        git.WaitForExit();
        return git.ExitCode;
    }

    private static string Git(string gitDir, params string[] args)
    {
        using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["--git-dir=" + gitDir, .. args]) { RedirectStandardOutput = true })!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output;
    }

    private static string ClaimedBy(JournalEvent claimed) =>
        System.Text.Json.JsonDocument.Parse(claimed.DataJson!).RootElement.GetProperty("worker").GetString()!;

    private static async Task<TaskRecord> AdvanceUntilAsync(EngineHarness h, FakeTimeProvider clock, long id, Func<TaskRecord, bool> condition)
    {
        for (var i = 0; i < 1200; i++)
        {
            var task = (await h.Store.GetAsync(id, CancellationToken.None))!;
            if (condition(task))
            {
                return task;
            }

            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(20);
        }

        throw new TimeoutException($"task {id} did not get there");
    }
}
