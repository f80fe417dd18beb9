using Errand.Budgets;
using Errand.Journal;
using Errand.Specs;

namespace Errand.Core.Tests.Budgets;

public sealed class BudgetLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private long _seq;

    private JournalEvent E(int seconds, int attempt, string kind, string? data = null) =>
        new(++_seq, 1, T0.AddSeconds(seconds), attempt, kind, kind, data);

    private JournalEvent Turn(int seconds, int attempt, long input, long output, decimal? cost = null) =>
        E(seconds, attempt, JournalKinds.ModelTurn, cost is null
            ? $$"""{"input_tokens":{{input}},"output_tokens":{{output}}}"""
            : $$"""{"input_tokens":{{input}},"output_tokens":{{output}},"cost_usd":{{cost}}}""");

    private JournalEvent Left(int seconds, int attempt, string to) =>
        E(seconds, attempt, JournalKinds.State, $$"""{"from":"running","to":"{{to}}"}""");

    [Fact]
    public void Read_TurnsOverSeveralRuns_AddUp_AndOnlyRunningTimeCounts()
    {
        JournalEvent[] journal =
        [
            E(0, 0, JournalKinds.Submitted),
            E(100, 1, JournalKinds.Claimed),            // waited 100 s in the queue: not counted
            Turn(110, 1, 1000, 50, 0.01m),
            Turn(120, 1, 1200, 60),
            E(130, 1, JournalKinds.Checkpoint),
            E(190, 1, JournalKinds.LeaseExpired),       // the worker died at 130; the reaper noticed at 190
            E(200, 2, JournalKinds.Claimed),
            Turn(205, 2, 800, 40, 0.02m),
            Left(210, 2, "partial"),
            E(5000, 2, JournalKinds.State, """{"from":"partial","to":"queued"}"""), // extended much later
            E(5001, 3, JournalKinds.Claimed),
        ];

        var (usage, restartedAt) = BudgetLedger.Read(journal);

        Assert.Equal(3, usage.Steps);
        Assert.Equal(3000, usage.InputTokens);
        Assert.Equal(150, usage.OutputTokens);
        Assert.Equal(0.03m, usage.CostUsd);
        Assert.Equal(TimeSpan.FromSeconds(30 + 10), usage.Time);
        Assert.Equal(0, restartedAt);
    }

    [Fact]
    public void Read_ARestart_StartsTheCountAgain()
    {
        JournalEvent[] journal =
        [
            E(0, 1, JournalKinds.Claimed),
            Turn(10, 1, 1000, 100),
            Left(20, 1, "failed"),
            E(30, 1, JournalKinds.Restarted),
            E(40, 2, JournalKinds.Claimed),
            Turn(45, 2, 10, 1),
        ];

        var (usage, restartedAt) = BudgetLedger.Read(journal);

        Assert.Equal(1, usage.Steps);
        Assert.Equal(11, usage.Tokens);
        Assert.Equal(TimeSpan.FromSeconds(5), usage.Time);
        Assert.Equal(1, restartedAt);
    }

    [Theory]
    [InlineData(4, null, null, null)]
    [InlineData(5, "step budget of 5 used up", null, null)]
    [InlineData(1, "token budget of 1,000 used up", 1000L, null)]
    [InlineData(1, "cost budget of $0.50 used up", null, 0.5)]
    public void UsedUp_AtTheLimit_SaysWhich(int steps, string? expected, long? tokens, double? cost)
    {
        var usage = BudgetUsage.None;
        for (var i = 0; i < steps; i++)
        {
            usage = usage.AddTurn(900, 100, 0.5m);
        }

        var budget = new BudgetSpec { Steps = 5, Tokens = tokens, Cost = cost is null ? null : (decimal)cost };

        var why = usage.UsedUp(budget);

        if (expected is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.StartsWith(expected, why, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(90, "1m30s")]
    [InlineData(3600, "1h")]
    [InlineData(0.25, "250ms")]
    public void Duration_IsWrittenAsASpecWouldWriteIt(double seconds, string expected) =>
        Assert.Equal(expected, BudgetText.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Describe_ListsTheLimitsSet() =>
        Assert.Equal("time 30m, steps 80, tokens 400k, cost $2.00",
            BudgetText.Describe(new BudgetSpec { Time = TimeSpan.FromMinutes(30), Steps = 80, Tokens = 400_000, Cost = 2m }));
}
