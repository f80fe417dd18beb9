using Errand.Engine.Tasks;
using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Engine.Tests.Tasks;

public sealed class TaskTransitionsTests
{
    [Fact]
    public async Task CancelAsync_QueuedTask_IsCancelledAtOnceAndNeverRuns()
    {
        await using var h = await EngineHarness.CreateAsync();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("touch ran.txt"));

        Assert.Equal(CancelOutcome.Cancelled, await h.Transitions.CancelAsync(task.Id, "not needed", CancellationToken.None));
        h.StartWorker();
        var other = await h.SubmitAsync(EngineHarness.CommandSpec("true"));
        await h.WaitForEndAsync(other.Id);

        var after = (await h.Store.GetAsync(task.Id, CancellationToken.None))!;
        Assert.Equal(TaskState.Cancelled, after.State);
        Assert.Equal(0, after.Attempt);
        Assert.Equal("not needed", after.Reason);
    }

    [Fact]
    public async Task CancelAsync_EndedOrMissingTask_SaysSo()
    {
        await using var h = await EngineHarness.CreateAsync();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("true"));
        await h.Transitions.CancelAsync(task.Id, "first", CancellationToken.None);

        Assert.Equal(CancelOutcome.AlreadyFinished, await h.Transitions.CancelAsync(task.Id, "again", CancellationToken.None));
        Assert.Equal(CancelOutcome.NotFound, await h.Transitions.CancelAsync(999, "nobody", CancellationToken.None));
    }

    [Fact]
    public async Task RetryAsync_FailedTask_RunsAgainAsAFreshAttempt()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        // Fails the first time, passes the second: the marker lives outside the per-attempt workspace.
        var marker = Path.Combine(h.Repo.Root, "second-time");
        var task = await h.SubmitAsync(EngineHarness.CommandSpec($"true", $"test -f {marker} || (touch {marker}; exit 1)"));
        Assert.Equal(TaskState.Failed, (await h.WaitForEndAsync(task.Id)).State);

        var outcome = await h.Transitions.RetryAsync(task.Id, CancellationToken.None);
        Assert.True(outcome.Applied);
        Assert.Null(outcome.Current!.ResultJson); // the failed attempt's report does not pass for the new one's
        var done = await h.WaitForAsync(task.Id, t => t.Attempt == 2 && t.State.IsTerminal());

        Assert.Equal(TaskState.Succeeded, done.State);
        Assert.Equal(2, (await h.JournalAsync(task.Id)).Count(e => e.Kind == JournalKinds.Claimed));
    }

    [Fact]
    public async Task RetryAsync_SucceededOrQueuedTask_IsRefused()
    {
        await using var h = await EngineHarness.CreateAsync();
        var queued = await h.SubmitAsync(EngineHarness.CommandSpec("true"));
        Assert.Equal(TransitionStatus.StateConflict, (await h.Transitions.RetryAsync(queued.Id, CancellationToken.None)).Status);

        h.StartWorker();
        Assert.Equal(TaskState.Succeeded, (await h.WaitForEndAsync(queued.Id)).State);
        Assert.Equal(TransitionStatus.StateConflict, (await h.Transitions.RetryAsync(queued.Id, CancellationToken.None)).Status);
        Assert.Equal(TransitionStatus.NotFound, (await h.Transitions.RetryAsync(999, CancellationToken.None)).Status);
    }
}
