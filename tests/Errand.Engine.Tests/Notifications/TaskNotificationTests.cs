using Errand.Agents.Builtin;
using Errand.Agents.Models;
using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Json;
using Errand.Notifications;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;

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
}
