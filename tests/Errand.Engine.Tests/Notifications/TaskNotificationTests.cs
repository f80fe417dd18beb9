using Errand.Agents.Builtin;
using Errand.Agents.Models;
using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Json;
using Errand.Notifications;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Errand.Engine.Tests.Notifications;

/// <summary>The outbox rows a task's life writes: one per routed channel and event, with the change that causes it.</summary>
public sealed class TaskNotificationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static async Task<IReadOnlyList<OutboxItem>> OutboxAsync(EngineHarness h) =>
        await h.Store.ClaimOutboxAsync(100, TimeSpan.FromMinutes(5), CancellationToken.None);

    [Fact]
    public async Task FinishedTasks_WriteOneRowPerChannel_WithTheirEventAndPayload()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        var ok = await h.SubmitAsync(EngineHarness.CommandSpec("true") with { Notify = ["team-slack", "ops-hook"] });
        var bad = await h.SubmitAsync(EngineHarness.CommandSpec("exit 3") with { Notify = ["ops-hook"] });
        var quiet = await h.SubmitAsync(EngineHarness.CommandSpec("true"));
        await h.WaitForEndAsync(ok.Id, Patience);
        await h.WaitForEndAsync(bad.Id, Patience);
        await h.WaitForEndAsync(quiet.Id, Patience);

        var rows = await OutboxAsync(h);

        Assert.Equal(3, rows.Count);
        Assert.Equal(["ops-hook", "team-slack"], rows.Where(r => r.TaskId == ok.Id).Select(r => r.Message.Channel).Order().ToArray());
        Assert.All(rows.Where(r => r.TaskId == ok.Id), r => Assert.Equal(NotificationEvents.Succeeded, r.Message.Event));
        var failed = Assert.Single(rows, r => r.TaskId == bad.Id);
        var payload = ErrandJson.Deserialize<NotificationPayload>(failed.Message.PayloadJson);
        Assert.Equal((NotificationEvents.Failed, bad.Id, "failed"), (payload.Event, payload.TaskId, payload.State));
        Assert.Equal("Fix the greeting", payload.Title);
        Assert.StartsWith($"task-{bad.Id}/failed/", failed.Message.Key, StringComparison.Ordinal);
        Assert.EndsWith("/ops-hook", failed.Message.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduledTaskEnds_AlsoWritesScheduleFinished_NamingTheSchedule()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        var origin = new ScheduleOrigin("nightly-deps", 7, DateTimeOffset.Parse("2026-03-01T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Manual: false);
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("true") with { Notify = ["hook"], Schedule = origin });
        await h.WaitForEndAsync(task.Id, Patience);

        var rows = await OutboxAsync(h);

        Assert.Equal([NotificationEvents.ScheduleFinished, NotificationEvents.Succeeded], rows.Select(r => r.Message.Event).Order().ToArray());
        var payload = ErrandJson.Deserialize<NotificationPayload>(rows.Single(r => r.Message.Event == NotificationEvents.ScheduleFinished).Message.PayloadJson);
        Assert.Equal(("nightly-deps", "succeeded", task.Id), (payload.Subject, payload.State, payload.TaskId));
    }

    [Fact]
    public async Task CancelQueuedTask_WritesCancelledRow_OnceEvenIfCancelledAgain()
    {
        await using var h = await EngineHarness.CreateAsync();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("true") with { Notify = ["hook"] });

        await h.Transitions.CancelAsync(task.Id, "not needed", CancellationToken.None);
        await h.Transitions.CancelAsync(task.Id, "again", CancellationToken.None);

        var row = Assert.Single(await OutboxAsync(h));
        Assert.Equal(NotificationEvents.Cancelled, row.Message.Event);
    }

    [Fact]
    public async Task StepBudget_At80Percent_WarnsOnce_AndTheTaskStillFinishes()
    {
        const string script = """
            - tools: [ { write_file: { path: a.txt, content: a } } ]
            - tools: [ { write_file: { path: b.txt, content: b } } ]
            - tools: [ { write_file: { path: c.txt, content: c } } ]
            - tools: [ { write_file: { path: d.txt, content: d } } ]
            - tools: [ { finish: { summary: four files } } ]
            """;
        await using var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new BuiltinAgentRuntime(new ChatClientFactory(new ModelOptions())));
        h.StartWorker();
        var path = Path.Combine(h.Repo.Root, "script.yaml");
        await File.WriteAllTextAsync(path, script);
        var task = await h.SubmitAsync(new TaskSpec
        {
            Title = "Four files",
            Agent = AgentNames.Builtin,
            Model = "scripted/" + path,
            Budget = new BudgetSpec { Steps = 5 },
            Notify = ["phone"],
            Sandbox = new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true },
        });

        var done = await h.WaitForEndAsync(task.Id, Patience);

        Assert.True(done.State == TaskState.Succeeded, done.Reason);
        var warning = Assert.Single(await h.JournalAsync(task.Id), e => e.Kind == JournalKinds.BudgetWarning);
        Assert.Contains("4 of 5 steps", warning.Message, StringComparison.Ordinal);
        var rows = await OutboxAsync(h);
        var row = Assert.Single(rows, r => r.Message.Event == NotificationEvents.BudgetWarning);
        Assert.Contains("4 of 5 steps", ErrandJson.Deserialize<NotificationPayload>(row.Message.PayloadJson).Reason, StringComparison.Ordinal);
        Assert.Single(rows, r => r.Message.Event == NotificationEvents.Succeeded);
    }

    [Fact]
    public async Task RunningTaskSilentPastStuckAfter_IsReportedStuckOncePerStall()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await EngineHarness.CreateAsync(clock);
        h.StartWorker(new Engine.Workers.WorkerOptions { StuckAfter = TimeSpan.FromSeconds(30), PollInterval = TimeSpan.FromMilliseconds(50) });
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("sleep 30") with { Notify = ["hook"] });
        await h.WaitForAsync(task.Id, t => t.State == TaskState.Running, Patience);

        // The journal flushes on the (fake) clock too: small steps until the agent runs, then whole seconds of silence.
        for (var i = 0; i < 1000 && !(await h.JournalAsync(task.Id)).Any(e => e.Kind == JournalKinds.PhaseStarted && e.Message == "agent"); i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(20);
        }

        for (var i = 0; i < 300 && !(await h.JournalAsync(task.Id)).Any(e => e.Kind == JournalKinds.Stuck); i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        for (var i = 0; i < 60; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1)); // a minute more of silence: the same stall, not a new one
            await Task.Delay(10);
        }

        var journal = await h.JournalAsync(task.Id);
        Assert.True(journal.Count(e => e.Kind == JournalKinds.Stuck) == 1, string.Join("\n", journal.Select(e => $"{e.At:HH:mm:ss} {e.Kind} {e.Message}")));
        var stuck = journal.Single(e => e.Kind == JournalKinds.Stuck);
        Assert.Contains("no progress for", stuck.Message, StringComparison.Ordinal);
        var row = Assert.Single(await OutboxAsync(h));
        Assert.Equal(NotificationEvents.Stuck, row.Message.Event);
        await h.Transitions.CancelAsync(task.Id, "stuck", CancellationToken.None);
        for (var i = 0; i < 600 && !(await h.Store.GetAsync(task.Id, CancellationToken.None))!.State.IsTerminal(); i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1)); // the worker sees the cancel on its next heartbeat
            await Task.Delay(20);
        }
    }
}
