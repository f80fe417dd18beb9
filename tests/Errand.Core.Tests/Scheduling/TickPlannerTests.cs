using System.Globalization;
using Errand.Scheduling;
using Errand.Specs;

namespace Errand.Core.Tests.Scheduling;

public sealed class TickPlannerTests
{
    [Theory]
    // cron, cursor, now, catch-up, expected tick ("-" for none), late, missed, next due
    [InlineData("* * * * *", "10:00:30", "10:00:59", "15m", "-", false, 0, "10:01:00")]
    [InlineData("* * * * *", "10:00:30", "10:01:00", "15m", "10:01:00", false, 0, "10:02:00")]
    [InlineData("* * * * *", "10:01:00", "10:01:00.5", "15m", "-", false, 0, "10:02:00")]
    // A clock stepped 5 minutes forward: the latest tick fires, standing for the four before it.
    [InlineData("* * * * *", "10:02:00", "10:07:30", "15m", "10:07:00", false, 4, "10:08:00")]
    // A clock stepped back behind the cursor: nothing is due again.
    [InlineData("* * * * *", "10:05:00", "10:00:30", "15m", "-", false, 0, "10:06:00")]
    // Down for three hours: hourly fires its latest tick (30 minutes late, within an hour's window).
    [InlineData("0 * * * *", "01:00:00", "04:30:00", "1h", "04:00:00", false, 2, "05:00:00")]
    // ... a daily tick two hours late is past the window: recorded as missed.
    [InlineData("0 6 * * *", "05:00:00", "08:00:00", "1h", "06:00:00", true, 0, "06:00:00+1")]
    // Catch-up 0 still allows the one-minute grace for a slow pass, and no more.
    [InlineData("0 6 * * *", "05:00:00", "06:00:59", "0", "06:00:00", false, 0, "06:00:00+1")]
    [InlineData("0 6 * * *", "05:00:00", "06:01:01", "0", "06:00:00", true, 0, "06:00:00+1")]
    public void Plan_CursorAndClock_DecidesTheLatestDueTick(
        string cron, string cursor, string now, string catchUp, string tick, bool late, int missed, string next)
    {
        var window = TimeSpan.Zero;
        Assert.True(catchUp == "0" || DurationParser.TryParse(catchUp, out window, out _));
        var schedule = Schedule(cron, At(cursor), window);

        var plan = TickPlanner.Plan(schedule, CronSchedule.Parse(cron, "UTC"), At(now));

        Assert.Equal(tick == "-" ? null : At(tick), plan.Tick);
        Assert.Equal(late, plan.Late);
        Assert.Equal(missed, plan.Missed);
        Assert.Equal(At(next), plan.NextDueAt);
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z")]
    [InlineData("America/New_York", "2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z")]
    public void Plan_TickMovedBySpringForwardGap_DueAtTheEndOfTheGap(string zone, string cursor, string gapTick, string next)
    {
        // Regression: searching backwards from after the gap found the previous day's tick, so the moved one never
        // fired and the scheduler was told to run again at once, forever.
        var schedule = Schedule("30 2 * * *", Utc(cursor), TimeSpan.FromMinutes(15)) with { TimeZone = zone };
        var cron = CronSchedule.Parse(schedule.Cron, zone);

        var plan = TickPlanner.Plan(schedule, cron, Utc(gapTick).AddMinutes(5));

        Assert.Equal(Utc(gapTick), plan.Tick);
        Assert.Equal(Utc(next), plan.NextDueAt);
    }

    [Fact]
    public void Plan_WithJitter_DueOnlyAfterTheTicksDelay()
    {
        var schedule = Schedule("0 * * * *", At("00:30:00"), TimeSpan.FromMinutes(15)) with { Jitter = TimeSpan.FromMinutes(10) };
        var cron = CronSchedule.Parse(schedule.Cron, "UTC");
        var delay = ScheduleJitter.For(schedule.Name, At("01:00:00"), schedule.Jitter);

        Assert.Null(TickPlanner.Plan(schedule, cron, At("01:00:00") + delay - TimeSpan.FromMilliseconds(1)).Tick);
        Assert.Equal(At("01:00:00") + delay, TickPlanner.Plan(schedule, cron, At("00:59:00")).NextDueAt);
        Assert.Equal(At("01:00:00"), TickPlanner.Plan(schedule, cron, At("01:00:00") + delay).Tick);
    }

    private static ScheduleRecord Schedule(string cron, DateTimeOffset cursor, TimeSpan catchUp) => new()
    {
        Id = 1,
        Name = "s",
        Cron = cron,
        TimeZone = "UTC",
        Title = "t",
        SpecJson = "{}",
        Cursor = cursor,
        CatchUp = catchUp,
        Overlap = OverlapPolicy.AllowAll,
    };

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    // "HH:mm:ss[.f]" on 2026-01-05, or "+1" for the next day.
    private static DateTimeOffset At(string time)
    {
        var nextDay = time.EndsWith("+1", StringComparison.Ordinal);
        var clock = TimeSpan.Parse(nextDay ? time[..^2] : time, CultureInfo.InvariantCulture);
        return new DateTimeOffset(2026, 1, nextDay ? 6 : 5, 0, 0, 0, TimeSpan.Zero) + clock;
    }
}
