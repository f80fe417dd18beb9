using Errand.Fleets;
using Errand.Json;
using Errand.Results;
using Errand.Specs;

namespace Errand.Engine.Tests.Fleets;

/// <summary>Best-of-N over real git: each attempt on its own branch, the winner picked among those that passed verification.</summary>
public sealed class BestOfTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task RunBestOfThree_OneFailsVerification_WinnerIsThePassingOneWithTheSmallestDiff()
    {
        await using var h = await FleetHarness.CreateAsync(postgres: false);
        var spec = h.Template("Write the result", "true", null!, "grep -q ok result.txt") with
        {
            Fleet = null,
            Attempts = 3,
            Agents =
            [
                new AgentChoice(AgentNames.Command) { Command = "printf 'ok\\nmore\\nand more\\n' > result.txt" },
                new AgentChoice(AgentNames.Command) { Command = "echo bad > result.txt" },
                new AgentChoice(AgentNames.Command) { Command = "echo ok > result.txt" },
            ],
        };
        var group = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForAttempts(spec), TestContext.Current.CancellationToken);
        h.StartWorkers(count: 1, concurrency: 3);

        var done = await h.WaitForFleetAsync(group.Id, Patience);

        Assert.Equal(FleetState.Succeeded, done.State);
        Assert.Equal(new FleetCounts { Succeeded = 2, Failed = 1 }, done.Counts);
        var result = ErrandJson.Deserialize<TaskResult>(done.ResultJson!);
        var report = result.Fleet!;
        Assert.Equal(2, report.Winner);
        var slices = await h.Store.ListSlicesAsync(group.Id, TestContext.Current.CancellationToken);
        var winnerBranch = ErrandJson.Deserialize<TaskResult>(slices[2].ResultJson!).Branch;
        Assert.Equal(winnerBranch, report.WinnerBranch);
        Assert.Equal(winnerBranch, result.Branch);
        Assert.Equal("ok", h.Repo.Git("show", $"{winnerBranch}:result.txt"));
        // The others stay for review, the failed one too.
        Assert.Equal(
            [ErrandJson.Deserialize<TaskResult>(slices[0].ResultJson!).Branch!, ErrandJson.Deserialize<TaskResult>(slices[1].ResultJson!).Branch!],
            report.KeptForReview);
        Assert.Contains("smallest diff", report.PickedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunBestOfThree_PickJudge_TheJudgeReadsTheDiffsAndItsChoiceWins()
    {
        await using var h = await FleetHarness.CreateAsync(postgres: false);
        // Smallest diff would pick attempt 3; the judge, shown both passing diffs, names attempt 1.
        var script = Path.Combine(h.Repo.Root, "judge.yaml");
        await File.WriteAllTextAsync(script, """
            - expect: "+and more"
              tools:
                - finish: { summary: "winner: 1\nIt also writes the follow-up lines the task asks for." }
            """, TestContext.Current.CancellationToken);
        var spec = ThreeAttempts(h) with { Model = "scripted/" + script, Pick = new PickSpec { Rule = PickRules.Judge } };
        var group = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForAttempts(spec), TestContext.Current.CancellationToken);
        h.StartWorkers(count: 1, concurrency: 3);

        var done = await h.WaitForFleetAsync(group.Id, Patience);

        Assert.True(done.State == FleetState.Succeeded, done.Reason);
        var report = ErrandJson.Deserialize<TaskResult>(done.ResultJson!).Fleet!;
        Assert.Equal(0, report.Winner);
        Assert.Contains("the judge (scripted/", report.PickedBecause, StringComparison.Ordinal);
        Assert.Contains("winner: 1", report.PickedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunBestOfThree_JudgeNamesAFailedAttempt_GroupFailsSayingSo()
    {
        await using var h = await FleetHarness.CreateAsync(postgres: false);
        var script = Path.Combine(h.Repo.Root, "judge.yaml");
        await File.WriteAllTextAsync(script, """
            - tools:
                - finish: { summary: "winner: 2" }
            """, TestContext.Current.CancellationToken);
        var spec = ThreeAttempts(h) with { Model = "scripted/" + script, Pick = new PickSpec { Rule = PickRules.Judge } };
        var group = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForAttempts(spec), TestContext.Current.CancellationToken);
        h.StartWorkers(count: 1, concurrency: 3);

        var done = await h.WaitForFleetAsync(group.Id, Patience);

        Assert.Equal(FleetState.Failed, done.State);
        Assert.Contains("the judge named no passing attempt (passing: 1, 3)", done.Reason, StringComparison.Ordinal);
    }

    // Attempt 1 passes with three lines, attempt 2 fails its check, attempt 3 passes with one line.
    private static TaskSpec ThreeAttempts(FleetHarness h) => h.Template("Write the result", "true", null!, "grep -q ok result.txt") with
    {
        Fleet = null,
        Attempts = 3,
        Agents =
        [
            new AgentChoice(AgentNames.Command) { Command = "printf 'ok\\nmore\\nand more\\n' > result.txt" },
            new AgentChoice(AgentNames.Command) { Command = "echo bad > result.txt" },
            new AgentChoice(AgentNames.Command) { Command = "echo ok > result.txt" },
        ],
    };

    [Fact]
    public async Task RunBestOfTwo_NonePasses_GroupFailsWithEachAttemptsReason()
    {
        await using var h = await FleetHarness.CreateAsync(postgres: false);
        var spec = h.Template("Write the result", "echo nope > result.txt", null!, "grep -q ok result.txt") with { Fleet = null, Attempts = 2 };
        var group = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForAttempts(spec), TestContext.Current.CancellationToken);
        h.StartWorkers(count: 1, concurrency: 2);

        var done = await h.WaitForFleetAsync(group.Id, Patience);

        Assert.Equal(FleetState.Failed, done.State);
        Assert.StartsWith("no attempt passed verification: attempt 1 failed: ", done.Reason, StringComparison.Ordinal);
        Assert.Contains("; attempt 2 failed: ", done.Reason, StringComparison.Ordinal);
        Assert.Null(ErrandJson.Deserialize<TaskResult>(done.ResultJson!).Fleet!.Winner);
    }
}
