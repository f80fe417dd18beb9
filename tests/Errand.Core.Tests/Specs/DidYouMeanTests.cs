using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class DidYouMeanTests
{
    private static readonly string[] Fields = ["title", "repo", "base", "agent", "verify", "budget", "sandbox", "secrets", "notify"];

    [Theory]
    [InlineData("tilte", "title")]
    [InlineData("titel", "title")]
    [InlineData("Title", "title")]
    [InlineData("rep", "repo")]
    [InlineData("verfiy", "verify")]
    [InlineData("budg", "budget")]
    [InlineData("sandboxes", "sandbox")]
    [InlineData("secret", "secrets")]
    [InlineData("agnet", "agent")]
    public void Suggest_NearName_ReturnsIt(string typed, string expected) => Assert.Equal(expected, DidYouMean.Suggest(typed, Fields));

    [Theory]
    [InlineData("colour")]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("completely-unrelated-field")]
    public void Suggest_FarName_Null(string typed) => Assert.Null(DidYouMean.Suggest(typed, Fields));

    [Theory]
    [InlineData("title", "title", 0)]
    [InlineData("tilte", "title", 1)]
    [InlineData("titl", "title", 1)]
    [InlineData("tittle", "title", 1)]
    [InlineData("ttiel", "title", 2)]
    [InlineData("abc", "xyz", 3)]
    public void Distance_Table_Matches(string a, string b, int expected) => Assert.Equal(expected, DidYouMean.Distance(a, b));
}
