using System.Globalization;
using Errand.Scheduling;

namespace Errand.Core.Tests.Scheduling;

public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("* * * * *", "UTC")]
    [InlineData("*/15 * * * * *", "UTC")]
    [InlineData("0 9 * * MON-FRI", "Europe/Berlin")]
    [InlineData("0 12 L * *", "America/New_York")]
    [InlineData("  30   2 * * *  ", "Asia/Tokyo")]
    public void TryParse_ValidExpressionAndZone_Parses(string cron, string zone)
    {
        Assert.True(CronSchedule.TryParse(cron, zone, out var schedule, out var problem), problem);
        Assert.Equal(zone, schedule!.Zone.Id);
    }

    [Theory]
    [InlineData("61 * * * *", "Minutes")]
    [InlineData("* 24 * * *", "Hours")]
    [InlineData("* * 32 * *", "Days of month")]
    [InlineData("* * * 13 *", "Months")]
    [InlineData("* * * * 8", "Days of week")]
    [InlineData("* * * * FUNDAY", "Days of week")]
    [InlineData("*/0 * * * *", "Minutes")]
    [InlineData("60 * * * * *", "Seconds")]
    [InlineData("* * * *", "4 fields")]
    [InlineData("* * * * * * *", "7 fields")]
    [InlineData("", "0 fields")]
    public void TryParse_BadExpression_NamesTheField(string cron, string expected)
    {
        Assert.False(CronSchedule.TryParse(cron, "UTC", out _, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("CEST")]
    [InlineData("W. Europe Standard Time")]
    public void TryParse_UnknownOrNonIanaZone_SaysSo(string zone)
    {
        Assert.False(CronSchedule.TryParse("* * * * *", zone, out _, out var problem));
        Assert.Contains("unknown time zone", problem, StringComparison.Ordinal);
    }

    [Theory]
    // Berlin spring-forward (2026-03-29 02:00 → 03:00): 02:30 does not exist and fires at the end of the gap.
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z")]
    // Berlin fall-back (2026-10-25 03:00 → 02:00): 02:30 happens twice and fires once, at the first (summer) one.
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z")]
    [InlineData("30 2 * * *", "Europe/Berlin", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")]
    // New York spring-forward (2026-03-08) and fall-back (2026-11-01).
    [InlineData("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", "2026-03-08T07:00:00Z")]
    [InlineData("30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z", "2026-11-01T05:30:00Z")]
    [InlineData("30 1 * * *", "America/New_York", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z")]
    // An interval keeps ticking through the repeated hour: 02:30 CEST, then 02:00 CET.
    [InlineData("*/30 * * * *", "Europe/Berlin", "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z")]
    // Last day of the month, weekdays.
    [InlineData("0 12 L * *", "UTC", "2026-02-01T00:00:00Z", "2026-02-28T12:00:00Z")]
    [InlineData("0 9 * * 1-5", "Europe/Berlin", "2026-01-09T09:00:00Z", "2026-01-12T08:00:00Z")]
    public void NextAfter_AcrossDstAndCalendars_IsTheExpectedUtcInstant(string cron, string zone, string after, string expected)
    {
        var schedule = CronSchedule.Parse(cron, zone);

        Assert.Equal(Utc(expected), schedule.NextAfter(Utc(after)));
    }

    [Fact]
    public void Between_ExclusiveBounds_ListsTheTicksInOrder()
    {
        var schedule = CronSchedule.Parse("0 * * * *", "UTC");

        var ticks = schedule.Between(Utc("2026-01-01T00:00:00Z"), Utc("2026-01-01T03:00:00Z")).ToList();

        Assert.Equal([Utc("2026-01-01T01:00:00Z"), Utc("2026-01-01T02:00:00Z")], ticks);
    }

    [Theory]
    [InlineData("* * * * *", 60)]
    [InlineData("*/10 * * * * *", 10)]
    [InlineData("0 9,17 * * *", 8 * 3600)]
    public void ShortestGap_Expression_IsTheSmallestDistanceBetweenTicks(string cron, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CronSchedule.Parse(cron, "UTC").ShortestGap(Utc("2026-01-01T00:00:00Z"), 50));
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
