using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 30 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("1d", 86_400)]
    [InlineData("1d2h3m4s", 86_400 + 7200 + 180 + 4)]
    [InlineData("7d", 7 * 86_400)]
    [InlineData("1H", 3600)]
    [InlineData(" 45s ", 45)]
    [InlineData("120m", 7200)]
    [InlineData("1s", 1)]
    public void TryParse_Good_ReturnsDuration(string text, int seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value, out var problem), problem);
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("30", "needs a unit")]
    [InlineData("-5m", "more than zero")]
    [InlineData("0s", "more than zero")]
    [InlineData("0h0m", "more than zero")]
    [InlineData("8d", "7 days")]
    [InlineData("7d1s", "7 days")]
    [InlineData("99999999999999999999h", "7 days")]
    [InlineData("30m1h", "not a duration")]
    [InlineData("1m30m", "not a duration")]
    [InlineData("1h30", "not a duration")]
    [InlineData("1.5h", "not a duration")]
    [InlineData("1w", "not a duration")]
    [InlineData("h", "not a duration")]
    [InlineData("1h 30m", "not a duration")]
    [InlineData("PT30M", "not a duration")]
    [InlineData("soon", "not a duration")]
    public void TryParse_Bad_SaysWhy(string text, string why)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var problem));
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }
}
