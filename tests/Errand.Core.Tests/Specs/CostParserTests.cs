using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class CostParserTests
{
    [Theory]
    [InlineData("2.00", "2.00")]
    [InlineData("2", "2")]
    [InlineData("$0.50", "0.50")]
    [InlineData("0", "0")]
    [InlineData(" 15.25 ", "15.25")]
    public void TryParse_Good_ReturnsDollars(string text, string dollars)
    {
        Assert.True(CostParser.TryParse(text, out var value, out var problem), problem);
        Assert.Equal(decimal.Parse(dollars, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("-2", "negative")]
    [InlineData("$-1", "negative")]
    [InlineData("", "not a cost")]
    [InlineData("$", "not a cost")]
    [InlineData("two", "not a cost")]
    [InlineData("1,000", "not a cost")]
    [InlineData("1e3", "not a cost")]
    [InlineData("2 USD", "not a cost")]
    [InlineData("99999999999999999999999999999999", "not a cost")]
    public void TryParse_Bad_SaysWhy(string text, string why)
    {
        Assert.False(CostParser.TryParse(text, out _, out var problem));
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }
}
