using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class TokenCountParserTests
{
    [Theory]
    [InlineData("50000", 50_000L)]
    [InlineData("400k", 400_000L)]
    [InlineData("400K", 400_000L)]
    [InlineData("1.5M", 1_500_000L)]
    [InlineData("2m", 2_000_000L)]
    [InlineData("1_000_000", 1_000_000L)]
    [InlineData("0.5k", 500L)]
    [InlineData("1", 1L)]
    public void TryParse_Good_ReturnsTokens(string text, long tokens)
    {
        Assert.True(TokenCountParser.TryParse(text, out var value, out var problem), problem);
        Assert.Equal(tokens, value);
    }

    [Theory]
    [InlineData("", "not a token count")]
    [InlineData("0", "more than zero")]
    [InlineData("0k", "more than zero")]
    [InlineData("-400k", "more than zero")]
    [InlineData("1.5", "not a token count")]
    [InlineData("1.0005k", "whole number")]
    [InlineData("lots", "not a token count")]
    [InlineData("400 k", "not a token count")]
    [InlineData("1g", "not a token count")]
    [InlineData("99999999999999999999M", "too large")]
    public void TryParse_Bad_SaysWhy(string text, string why)
    {
        Assert.False(TokenCountParser.TryParse(text, out _, out var problem));
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }
}
