using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class SizeParserTests
{
    [Theory]
    [InlineData("1048576", 1_048_576L)]
    [InlineData("512m", 512L << 20)]
    [InlineData("2g", 2L << 30)]
    [InlineData("2G", 2L << 30)]
    [InlineData("64k", 64L << 10)]
    [InlineData("1t", 1L << 40)]
    [InlineData("1.5g", 3L << 29)]
    [InlineData("512MB", 512L << 20)]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("100b", 100L)]
    [InlineData("7", 7L)]
    public void TryParse_Good_ReturnsBytes(string text, long bytes)
    {
        Assert.True(SizeParser.TryParse(text, out var value, out var problem), problem);
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("", "not a size")]
    [InlineData("0", "more than zero")]
    [InlineData("0m", "more than zero")]
    [InlineData("-1g", "more than zero")]
    [InlineData("1.5", "not a size")]
    [InlineData("lots", "not a size")]
    [InlineData("2 gigs", "not a size")]
    [InlineData("1e9", "not a size")]
    [InlineData("m", "not a size")]
    [InlineData(".5g", "not a size")]
    [InlineData("99999999999t", "too large")]
    [InlineData("999999999999999999999", "not a size")]
    public void TryParse_Bad_SaysWhy(string text, string why)
    {
        Assert.False(SizeParser.TryParse(text, out _, out var problem));
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }
}
