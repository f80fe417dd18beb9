using Errand.Engine.Workers;

namespace Errand.Engine.Tests.Workers;

/// <summary>When the reaper looks again after a pass (see <see cref="LeaseReaper.NextWait"/>).</summary>
public sealed class LeaseReaperTests
{
    private static readonly DateTimeOffset Pass = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public void LeaseLapsedBeforeThePassAndLeftByIt_IsTriedAgainAfterAShortWaitNotAtOnce()
    {
        // Its row was locked (an owner paused inside a transaction): looking again every 5 ms made every reaper spin.
        var wait = LeaseReaper.NextWait(Pass, Pass - TimeSpan.FromSeconds(3), Pass + TimeSpan.FromMilliseconds(20), Interval);

        Assert.Equal(LeaseReaper.LockedRetry, wait);
        Assert.True(wait >= TimeSpan.FromMilliseconds(50), $"{wait}");
    }

    [Fact]
    public void LeaseLapsingDuringThePass_IsTakenRightAway()
    {
        var wait = LeaseReaper.NextWait(Pass, Pass + TimeSpan.FromMilliseconds(10), Pass + TimeSpan.FromMilliseconds(30), Interval);

        Assert.Equal(TimeSpan.FromMilliseconds(5), wait);
    }

    [Fact]
    public void LeaseLapsingSoon_IsTakenAtItsExpiry_AndOneLaterAtTheNextTick()
    {
        var now = Pass + TimeSpan.FromMilliseconds(30);

        Assert.Equal(TimeSpan.FromMilliseconds(405), LeaseReaper.NextWait(Pass, now + TimeSpan.FromMilliseconds(400), now, Interval));
        Assert.Equal(Interval, LeaseReaper.NextWait(Pass, now + TimeSpan.FromSeconds(9), now, Interval));
        Assert.Equal(Interval, LeaseReaper.NextWait(Pass, null, now, Interval));
    }

    [Fact]
    public void ShortReaperInterval_BoundsTheLockedRetryToo()
    {
        var wait = LeaseReaper.NextWait(Pass, Pass - TimeSpan.FromSeconds(1), Pass, TimeSpan.FromMilliseconds(40));

        Assert.Equal(TimeSpan.FromMilliseconds(40), wait);
    }
}
