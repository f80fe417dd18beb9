using System.Globalization;
using System.Text;
using Errand.Agents.Builtin;
using Errand.Agents.Models;
using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Engine.Tests.Budgets;

/// <summary>
/// Budgets and loops enforced by the engine on the real builtin agent, driven by a scripted model: a real SQLite
/// store, a real git repository, the worker end to end.
/// </summary>
public sealed class BudgetEnforcementTests
{
    private static async Task<EngineHarness> HarnessAsync()
    {
        var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new BuiltinAgentRuntime(new ChatClientFactory(new ModelOptions())));
        h.StartWorker();
        return h;
    }

    // A script of `writes` turns, each writing notes/step-N.txt, then a finish; every turn reports the usage given.
    private static string Script(EngineHarness h, int writes, string usage = "", string? everyTurn = null)
    {
        var text = new StringBuilder("turns:\n");
        for (var i = 1; i <= writes; i++)
        {
            var tool = everyTurn ?? $"{{ write_file: {{ path: notes/step-{i}.txt, content: \"{i}\" }} }}";
            text.Append(CultureInfo.InvariantCulture, $"  - text: step {i}\n    tools: [ {tool} ]\n{usage}");
        }

        text.Append("  - tools: [ { finish: { summary: all steps written } } ]\n");
        var path = Path.Combine(h.Repo.Root, $"script-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static TaskSpec Spec(string script, BudgetSpec budget, int writes) => new()
    {
        Title = "Write the notes",
        Agent = AgentNames.Builtin,
        Model = "scripted/" + script,
        Budget = budget,
        Verify = new VerifySpec { Checks = [new CheckSpec("notes", $"test -f notes/step-{writes}.txt")] },
        Sandbox = new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true },
    };

    private static int Turns(IEnumerable<JournalEvent> journal, int? attempt = null) =>
        journal.Count(e => e.Kind == JournalKinds.ModelTurn && (attempt is null || e.Attempt == attempt));

    private static TaskResult ResultOf(TaskRecord task) => Json.ErrandJson.Deserialize<TaskResult>(task.ResultJson!);

    [Fact]
    public async Task StepBudget_TaskNeedingTwentyTurns_StopsAtFivePartial_KeepsTheWork_AndExtendFinishesIt()
    {
        await using var h = await HarnessAsync();
        var task = await h.SubmitAsync(Spec(Script(h, 19), new BudgetSpec { Steps = 5 }, 19));

        var stopped = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Partial, stopped.State);
        Assert.Contains("step budget of 5 used up", stopped.Reason, StringComparison.Ordinal);
        Assert.Contains($"errand extend {task.Id}", stopped.Reason, StringComparison.Ordinal);
        Assert.Equal(5, Turns(await h.JournalAsync(task.Id)));
        var branch = ResultOf(stopped).Branch!;
        Assert.Equal("5", h.Repo.Git("show", $"{branch}:notes/step-5.txt"));
        Assert.Contains(await h.JournalAsync(task.Id), e => e.Kind == JournalKinds.BudgetUsedUp);

        var extended = await h.Transitions.ExtendAsync(task.Id, new BudgetSpec { Steps = 20 }, CancellationToken.None);
        Assert.True(extended.Applied);
        var done = await h.WaitForEndAsync(task.Id);

        Assert.True(done.State == TaskState.Succeeded, done.Reason);
        var journal = await h.JournalAsync(task.Id);
        // Resumed from the checkpoint after turn 5: no turn is asked twice, 19 writes and the finish make 20.
        Assert.Equal(20, Turns(journal));
        Assert.Contains(journal, e => e.Kind == JournalKinds.Extended);
        Assert.Equal("19", h.Repo.Git("show", $"{ResultOf(done).Branch}:notes/step-19.txt"));
    }

    [Fact]
    public async Task TokenBudget_IsEnforcedWithinOneTurn()
    {
        await using var h = await HarnessAsync();
        var usage = "    usage: { input: 1000, output: 100 }\n";
        var task = await h.SubmitAsync(Spec(Script(h, 10, usage), new BudgetSpec { Tokens = 2500 }, 10));

        var stopped = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Partial, stopped.State);
        Assert.Contains("token budget of 2,500 used up (3,300 tokens", stopped.Reason, StringComparison.Ordinal);
        Assert.Equal(3, Turns(await h.JournalAsync(task.Id)));
    }

    [Fact]
    public async Task CostBudget_UsesTheProvidersOwnFigure_AndStopsWithinOneTurn()
    {
        await using var h = await HarnessAsync();
        var usage = "    usage: { input: 10, output: 10, cost: 0.40 }\n";
        var task = await h.SubmitAsync(Spec(Script(h, 10, usage), new BudgetSpec { Cost = 1.00m }, 10));

        var stopped = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Partial, stopped.State);
        Assert.Contains("cost budget of $1.00 used up ($1.2000)", stopped.Reason, StringComparison.Ordinal);
        Assert.Equal(3, Turns(await h.JournalAsync(task.Id)));
    }

    [Fact]
    public async Task Loop_TheSameFailingCommandAgainAndAgain_EndsFailedSayingWhy()
    {
        await using var h = await HarnessAsync();
        var script = Script(h, 12, everyTurn: "{ run_command: { command: \"sh tests/greet_test.sh\" } }");
        var task = await h.SubmitAsync(Spec(script, new BudgetSpec { Steps = 50 }, 12));

        var stopped = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, stopped.State);
        Assert.Contains("stuck in a loop: the same failing action was repeated 5 times: run_command", stopped.Reason, StringComparison.Ordinal);
        var journal = await h.JournalAsync(task.Id);
        Assert.Equal(5, Turns(journal));
        Assert.Single(journal, e => e.Kind == JournalKinds.LoopDetected);
    }

    [Fact]
    public async Task Loop_ASucceedingCommandRepeated_IsNotALoop()
    {
        await using var h = await HarnessAsync();
        var script = Script(h, 8, everyTurn: "{ run_command: { command: \"true\" } }");
        var task = await h.SubmitAsync(Spec(script, new BudgetSpec { Steps = 50 }, 0) with { Verify = new VerifySpec() });

        var done = await h.WaitForEndAsync(task.Id);

        Assert.True(done.State == TaskState.Succeeded, done.Reason);
        Assert.Equal(9, Turns(await h.JournalAsync(task.Id)));
    }

    [Fact]
    public async Task Retry_AfterABudgetStop_StartsAfreshWithItsBudgetUnused()
    {
        await using var h = await HarnessAsync();
        var task = await h.SubmitAsync(Spec(Script(h, 19), new BudgetSpec { Steps = 3 }, 19));
        var first = await h.WaitForEndAsync(task.Id);
        Assert.Equal(TaskState.Partial, first.State);

        Assert.True((await h.Transitions.RetryAsync(task.Id, CancellationToken.None)).Applied);
        var second = await h.WaitForAsync(task.Id, t => t.State.IsTerminal() && t.Attempt > first.Attempt);

        Assert.Equal(TaskState.Partial, second.State);
        var journal = await h.JournalAsync(task.Id);
        Assert.Contains(journal, e => e.Kind == JournalKinds.Restarted);
        Assert.Equal(3, Turns(journal, second.Attempt));
        // From the base again: the retried run's first turn wrote step 1 afresh, it did not carry on at step 4.
        Assert.DoesNotContain(journal, e => e.Attempt == second.Attempt && e.Kind == JournalKinds.ToolCall && e.DataJson!.Contains("step-4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extend_ATaskThatIsNotPartial_IsRefused()
    {
        await using var h = await HarnessAsync();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("true"));
        await h.WaitForEndAsync(task.Id);

        var outcome = await h.Transitions.ExtendAsync(task.Id, new BudgetSpec { Steps = 5 }, CancellationToken.None);

        Assert.False(outcome.Applied);
        Assert.Equal(TaskState.Succeeded, outcome.Current!.State);
    }
}
