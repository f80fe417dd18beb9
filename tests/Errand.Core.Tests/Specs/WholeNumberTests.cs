using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class WholeNumberTests
{
    [Theory]
    [InlineData("1", 1, 10, 1)]
    [InlineData("10", 1, 10, 10)]
    [InlineData(" 80 ", 1, int.MaxValue, 80)]
    [InlineData("2147483647", 1, int.MaxValue, int.MaxValue)]
    public void TryParse_InRange_ReturnsNumber(string text, int min, int max, int expected)
    {
        Assert.True(WholeNumber.TryParse(text, min, max, out var value, out var problem), problem);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("0", 1, 10, "from 1 to 10")]
    [InlineData("11", 1, 10, "out of range")]
    [InlineData("-3", 1, 10, "negative")]
    [InlineData("2147483648", 1, int.MaxValue, "at least 1")]
    [InlineData("1.5", 1, 10, "not a whole number")]
    [InlineData("+3", 1, 10, "not a whole number")]
    [InlineData("three", 1, 10, "not a whole number")]
    [InlineData("", 1, 10, "not a whole number")]
    public void TryParse_Bad_SaysWhy(string text, int min, int max, string why)
    {
        Assert.False(WholeNumber.TryParse(text, min, max, out _, out var problem));
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }
}
