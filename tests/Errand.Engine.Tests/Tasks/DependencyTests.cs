using Errand.Dependencies;
using Errand.Engine.Tasks;
using Errand.Engine.Tests.Support;
using Errand.Json;
using Errand.Notifications;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Engine.Tests.Tasks;

/// <summary>Tasks that wait for others (<c>after:</c>), run by a real worker: order, fan-in, and the failure policies.</summary>
public sealed class DependencyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static NewTask Task(EngineHarness h, string name, string command, string policy = PrerequisitePolicies.Fail, params Prerequisite[] after)
    {
        var spec = EngineHarness.CommandSpec(command) with
        {
            Title = name, Name = name, Repo = h.Repo.RepoPath, OnPrerequisiteFailure = policy, Notify = ["hook"],
        };
        return new NewTask(name, TaskSpecJson.Serialize(spec)) { Name = name, After = after };
    }

    [Fact]
    public async Task Chain_ABC_EachStartsAfterItsPrerequisiteSucceeded()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();

        var tasks = await h.Transitions.SubmitBatchAsync(
        [
            Task(h, "c", "true", after: Prerequisite.InBatch(1)),
            Task(h, "b", "true", after: Prerequisite.InBatch(2)),
            Task(h, "a", "true"),
        ], Ct);

        Assert.Equal([TaskState.Scheduled, TaskState.Scheduled, TaskState.Queued], tasks.Select(t => t.State));
        var (c, b, a) = (await h.WaitForEndAsync(tasks[0].Id, Patience), await h.WaitForEndAsync(tasks[1].Id, Patience), await h.WaitForEndAsync(tasks[2].Id, Patience));
        Assert.All(new[] { a, b, c }, t => Assert.Equal(TaskState.Succeeded, t.State));
        Assert.True(b.StartedAt >= a.FinishedAt, $"b started {b.StartedAt:O}, a finished {a.FinishedAt:O}");
        Assert.True(c.StartedAt >= b.FinishedAt, $"c started {c.StartedAt:O}, b finished {b.FinishedAt:O}");
    }

    [Fact]
    public async Task Diamond_FanInStartsAfterBothBranches()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker(new Errand.Engine.Workers.WorkerOptions { Concurrency = 3, PollInterval = TimeSpan.FromMilliseconds(100) });

        var tasks = await h.Transitions.SubmitBatchAsync(
        [
            Task(h, "root", "true"),
            Task(h, "left", "sleep 0.3", after: Prerequisite.InBatch(0)),
            Task(h, "right", "true", after: Prerequisite.InBatch(0)),
            Task(h, "join", "true", after: [Prerequisite.InBatch(1), Prerequisite.InBatch(2)]),
        ], Ct);

        var ended = new List<TaskRecord>();
        foreach (var task in tasks)
        {
            ended.Add(await h.WaitForEndAsync(task.Id, Patience));
        }

        Assert.All(ended, t => Assert.Equal(TaskState.Succeeded, t.State));
        Assert.True(ended[3].StartedAt >= ended[1].FinishedAt && ended[3].StartedAt >= ended[2].FinishedAt);
        Assert.True(ended[1].StartedAt >= ended[0].FinishedAt && ended[2].StartedAt >= ended[0].FinishedAt);
        Assert.Equal(1, ended[3].Attempt);
    }

    [Fact]
    public async Task FailedPrerequisite_FailsAndSkipsDependantsTransitively_WithTheirNotifications()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();

        // build fails; test (fail) fails naming build; deploy (skip) after test is cancelled naming test; docs (skip) after build too.
        var tasks = await h.Transitions.SubmitBatchAsync(
        [
            Task(h, "build", "exit 3"),
            Task(h, "test", "touch ran.txt", PrerequisitePolicies.Fail, Prerequisite.InBatch(0)),
            Task(h, "deploy", "touch ran.txt", PrerequisitePolicies.Skip, Prerequisite.InBatch(1)),
            Task(h, "docs", "touch ran.txt", PrerequisitePolicies.Skip, Prerequisite.InBatch(0)),
        ], Ct);

        var ended = new List<TaskRecord>();
        foreach (var task in tasks)
        {
            ended.Add(await h.WaitForEndAsync(task.Id, Patience));
        }

        var (build, test, deploy, docs) = (ended[0], ended[1], ended[2], ended[3]);
        Assert.Equal(TaskState.Failed, build.State);
        Assert.Equal((TaskState.Failed, $"prerequisite #{build.Id} (build) failed"), (test.State, test.Reason));
        Assert.Equal((TaskState.Cancelled, $"skipped: prerequisite #{test.Id} (test) failed"), (deploy.State, deploy.Reason));
        Assert.Equal((TaskState.Cancelled, $"skipped: prerequisite #{build.Id} (build) failed"), (docs.State, docs.Reason));
        Assert.All(ended.Skip(1), t => Assert.Equal(0, t.Attempt));
        var rows = await h.Store.ClaimOutboxAsync(100, TimeSpan.FromMinutes(5), Ct);
        var events = rows.ToDictionary(r => r.TaskId!.Value, r => ErrandJson.Deserialize<NotificationPayload>(r.Message.PayloadJson));
        Assert.Equal(NotificationEvents.Failed, events[test.Id].Event);
        Assert.Equal(test.Reason, events[test.Id].Reason);
        Assert.Equal(NotificationEvents.Cancelled, events[deploy.Id].Event);
        Assert.Equal(NotificationEvents.Cancelled, events[docs.Id].Event);
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public async Task CancelPrerequisite_AppliesThePolicyToItsDependants()
    {
        await using var h = await EngineHarness.CreateAsync();
        var first = await h.Transitions.SubmitAsync(Task(h, "first", "true"), Ct);
        var second = await h.Transitions.SubmitAsync(Task(h, "second", "true", PrerequisitePolicies.Skip, Prerequisite.OnTask(first.Id)), Ct);
        Assert.Equal(TaskState.Scheduled, second.State);

        Assert.Equal(CancelOutcome.Cancelled, await h.Transitions.CancelAsync(first.Id, "not needed", Ct));

        var after = (await h.Store.GetAsync(second.Id, Ct))!;
        Assert.Equal((TaskState.Cancelled, $"skipped: prerequisite #{first.Id} (first) was cancelled"), (after.State, after.Reason));
    }

    [Fact]
    public async Task Submit_AfterATaskThatAlreadyFailed_EndsAtOnceByPolicy()
    {
        await using var h = await EngineHarness.CreateAsync();
        var first = await h.Transitions.SubmitAsync(Task(h, "first", "true"), Ct);
        await h.Transitions.CancelAsync(first.Id, "changed my mind", Ct);

        var late = await h.Transitions.SubmitAsync(Task(h, "late", "true", after: Prerequisite.OnTask(first.Id)), Ct);

        var after = (await h.Store.GetAsync(late.Id, Ct))!;
        Assert.Equal((TaskState.Failed, $"prerequisite #{first.Id} (first) was cancelled"), (after.State, after.Reason));
    }
}
