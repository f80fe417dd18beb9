using Errand.Agents.Models;
using Errand.Agents.Tests.Support;
using Errand.Engine.Tasks;
using Errand.Fleets;
using Errand.Journal;
using Errand.Questions;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Engine.Tests.Fleets;

/// <summary>
/// Fleets whose slices a planner proposes, over real git and a real store: the builtin planner against a fake model
/// server on the OpenAI wire, a command planner printing a JSON list; a human approves, edits or rejects in between.
/// </summary>
public sealed class PlannerFleetTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The planner reads, tries to write (refused: a planner only reads), proposes a duplicate (refused by the tool), then three slices.
    private static readonly FakeTurn[] PlannerTurns =
    [
        new(null, new FakeCall("list_files", """{"path":"."}"""), new FakeCall("write_file", """{"path":"x.txt","content":"no"}""")),
        FakeTurn.Call("propose_slices", new { slices = new[] { new { slice = "src/A", reason = "one" }, new { slice = "src/A", reason = "again" } } }),
        FakeTurn.Call("propose_slices", new
        {
            slices = new[]
            {
                new { slice = "src/A", reason = "the API client" },
                new { slice = "src/B", reason = "the CLI" },
                new { slice = "src/C", reason = "the server" },
            },
        }),
    ];

    [Fact]
    public async Task BuiltinPlanner_ProposesThree_HumanApprovesAnEditedList_FleetRunsExactlyThoseAndFansInOnce()
    {
        await using var server = await FakeModelServer.StartAsync(PlannerTurns);
        await using var h = await FleetHarness.CreateAsync(postgres: false);
        h.Models = new ModelOptions { OpenAiApiKey = "test-key", OpenAiBaseUrl = new Uri(server.BaseUrl, "v1"), MaxRetries = 0 };
        var template = Template(h, new PlannerSpec { Model = "openai/fake-gpt", Instructions = "One slice per project under src/.", MaxSlices = 3 });
        var fleet = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForPlanner(template), Ct);
        h.StartWorkers(count: 1, concurrency: 2);

        var planner = await WaitForStateAsync(h, fleet.PlannerTaskId!.Value, TaskState.WaitingForHuman);
        // The workers go away while the proposal waits: it is in the store, not in any process.
        await h.StopWorkersAsync();

        Assert.Equal(FleetState.Planning, (await h.Store.GetFleetAsync(fleet.Id, Ct))!.State);
        var question = (await h.Transitions.ReadQuestionsAsync(planner.Id, Ct)).Open!.Question;
        Assert.Equal(QuestionKinds.Slices, question.Kind);
        Assert.Equal(
            [new ProposedSlice("src/A", "the API client"), new ProposedSlice("src/B", "the CLI"), new ProposedSlice("src/C", "the server")],
            SliceProposals.Deserialize(question.Subject!));
        var journal = await h.JournalAsync(planner.Id);
        Assert.Single(journal, e => e.Kind == JournalKinds.FleetProposed);
        var requests = string.Join("\n", server.Requests.Select(r => r.ToJsonString()));
        Assert.Contains("write_file is not for a planner", requests, StringComparison.Ordinal);
        Assert.Contains("is proposed twice (items 1 and 2)", requests, StringComparison.Ordinal);

        var bad = await h.Transitions.AnswerAsync(planner.Id, "src/A\nsrc/D\nsrc/A", "ana", Ct);
        Assert.Equal(AnswerStatus.Invalid, bad.Status);
        Assert.Contains("slice 'src/A' is proposed twice (items 1 and 3)", bad.Problem, StringComparison.Ordinal);
        var tooMany = await h.Transitions.AnswerAsync(planner.Id, "[a, b, c, d]", "ana", Ct);
        Assert.Contains("4 slices is more than max_slices (3)", tooMany.Problem, StringComparison.Ordinal);

        var edited = await h.Transitions.AnswerAsync(planner.Id, "src/A\nsrc/C\nsrc/D", "ana", Ct);
        Assert.Equal(AnswerStatus.Answered, edited.Status);
        h.StartWorkers(count: 1, concurrency: 2);
        var done = await h.WaitForFleetAsync(fleet.Id, Patience);

        Assert.True(done.State == FleetState.Succeeded, done.Reason);
        var slices = await h.Store.ListSlicesAsync(fleet.Id, Ct);
        Assert.Equal(["src/A", "src/C", "src/D"], slices.Select(s => s.Value));
        Assert.All(slices, s => Assert.Equal(SliceState.Succeeded, s.State));
        var ended = (await h.Store.GetAsync(planner.Id, Ct))!;
        Assert.Equal(TaskState.Succeeded, ended.State);
        Assert.Equal("3 slices (as edited by ana): src/A, src/C, src/D", ended.Reason);
        // The answer did not run the planner's model again, and the fan-in ran once.
        Assert.Equal(3, server.Requests.Count);
        var fanIns = await h.Store.ListAsync(new TaskQuery(), Ct);
        Assert.Single(fanIns, t => t.Title == "Migrate: report");
        Assert.Equal(done.FanInTaskId, fanIns.Single(t => t.Title == "Migrate: report").Id);
    }

    [Fact]
    public async Task CommandPlanner_HumanRejects_FleetCancelledSayingWhoAndNothingRuns()
    {
        await using var h = await FleetHarness.CreateAsync(postgres: false);
        var template = Template(h, new PlannerSpec { Agent = AgentNames.Command, Command = """echo '["a", "b"]'""" });
        var fleet = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForPlanner(template), Ct);
        h.StartWorkers(count: 1, concurrency: 2);
        var planner = await WaitForStateAsync(h, fleet.PlannerTaskId!.Value, TaskState.WaitingForHuman);

        Assert.Equal(AnswerStatus.Answered, (await h.Transitions.AnswerAsync(planner.Id, "reject", "ana", Ct)).Status);
        var done = await h.WaitForFleetAsync(fleet.Id, Patience);

        Assert.Equal((FleetState.Cancelled, "the proposed slices were rejected by ana"), (done.State, done.Reason));
        Assert.Empty(await h.Store.ListSlicesAsync(fleet.Id, Ct));
        Assert.Null(done.FanInTaskId);
        Assert.Equal(TaskState.Cancelled, (await h.Store.GetAsync(planner.Id, Ct))!.State);
    }

    [Fact]
    public async Task CommandPlanner_ApproveFalse_ItsListRunsWithoutAskingAndFansInOnce()
    {
        await using var h = await FleetHarness.CreateAsync(postgres: false);
        var template = Template(h, new PlannerSpec
        {
            Agent = AgentNames.Command,
            Command = """echo scanning; echo '[{"slice": "x", "reason": "first"}, "y", "z"]'""",
            Approve = false,
        });
        var fleet = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForPlanner(template), Ct);
        h.StartWorkers(count: 1, concurrency: 3);

        var done = await h.WaitForFleetAsync(fleet.Id, Patience);

        Assert.True(done.State == FleetState.Succeeded, done.Reason);
        Assert.Equal(["x", "y", "z"], (await h.Store.ListSlicesAsync(fleet.Id, Ct)).Select(s => s.Value));
        Assert.Equal(new FleetCounts { Succeeded = 3 }, done.Counts);
        var journal = await h.JournalAsync(fleet.PlannerTaskId!.Value);
        Assert.DoesNotContain(journal, e => e.Kind == JournalKinds.Question);
        Assert.Contains(journal, e => e.Kind == JournalKinds.FleetProposed && e.Message.Contains("1. x — first", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""echo '["a", "b", "a"]'""", "the planner's proposal is not valid: slice 'a' is proposed twice (items 1 and 3)")]
    [InlineData("""echo '["a", "b", "c", "d", "e", "f"]'""", "the planner's proposal is not valid: 6 slices is more than max_slices (5)")]
    [InlineData("echo '[]'", "the planner's proposal is not valid: the list of slices is empty")]
    [InlineData("echo done", "the planner's proposal is not valid: the planner printed no list of slices")]
    public async Task CommandPlanner_BadProposal_FleetFailsSayingWhatIsWrong(string command, string reason)
    {
        await using var h = await FleetHarness.CreateAsync(postgres: false);
        var template = Template(h, new PlannerSpec { Agent = AgentNames.Command, Command = command, MaxSlices = 5 });
        var fleet = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForPlanner(template), Ct);
        h.StartWorkers(count: 1, concurrency: 1);

        var done = await h.WaitForFleetAsync(fleet.Id, Patience);

        Assert.Equal(FleetState.Failed, done.State);
        Assert.StartsWith("the planner failed: " + reason, done.Reason, StringComparison.Ordinal);
        Assert.Empty(await h.Store.ListSlicesAsync(fleet.Id, Ct));
    }

    private static TaskSpec Template(FleetHarness h, PlannerSpec planner) =>
        h.Template("Migrate {{slice}}", "mkdir -p {{slice}} && echo done > {{slice}}/done.txt", new FleetSpec
        {
            Title = "Migrate",
            MaxParallel = 2,
            Planner = planner,
        }, "test -f {{slice}}/done.txt");

    private static async Task<TaskRecord> WaitForStateAsync(FleetHarness h, long taskId, TaskState state)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (true)
        {
            var task = (await h.Store.GetAsync(taskId, Ct))!;
            if (task.State == state)
            {
                return task;
            }

            Assert.False(task.State.IsTerminal(), $"task {taskId} ended {task.State.ToWireName()}: {task.Reason}");
            await h.Store.WaitForWorkAsync(TimeSpan.FromMilliseconds(100), cts.Token);
        }
    }
}
