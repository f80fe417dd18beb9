using Errand.Scheduling;

namespace Errand.Core.Tests.Scheduling;

public sealed class ScheduleJitterTests
{
    private static readonly DateTimeOffset Tick = new(2026, 1, 1, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_SameScheduleAndTick_SameDelayEveryTime()
    {
        var jitter = TimeSpan.FromMinutes(5);

        Assert.Equal(ScheduleJitter.For("nightly", Tick, jitter), ScheduleJitter.For("nightly", Tick, jitter));
    }

    [Fact]
    public void For_ManyTicks_WithinRangeAndSpread()
    {
        var jitter = TimeSpan.FromSeconds(30);

        var delays = Enumerable.Range(0, 200).Select(i => ScheduleJitter.For("deps", Tick.AddMinutes(i), jitter)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, jitter - TimeSpan.FromMilliseconds(1)));
        Assert.True(delays.Distinct().Count() > 150, "delays should differ from tick to tick");
        Assert.NotEqual(ScheduleJitter.For("deps", Tick, jitter), ScheduleJitter.For("docs", Tick, jitter));
    }

    [Fact]
    public void For_NoJitter_Zero() => Assert.Equal(TimeSpan.Zero, ScheduleJitter.For("deps", Tick, TimeSpan.Zero));
}
