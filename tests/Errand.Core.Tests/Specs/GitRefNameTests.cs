using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class GitRefNameTests
{
    [Theory]
    [InlineData("main")]
    [InlineData("errand/flaky-date")]
    [InlineData("release/v1.2.3")]
    [InlineData("3f2a9c1")]
    [InlineData("feature_x.y")]
    [InlineData("HEAD")]
    public void Problem_ValidName_Null(string name) => Assert.Null(GitRefName.Problem(name, branch: false));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("-f", "option")]
    [InlineData("--orphan", "option")]
    [InlineData("a b", "whitespace")]
    [InlineData("a\tb", "whitespace")]
    [InlineData("a\u007fb", "control")]
    [InlineData("a..b", "'..'")]
    [InlineData("a~1", "'~'")]
    [InlineData("a^", "'^'")]
    [InlineData("a:b", "':'")]
    [InlineData("a?", "'?'")]
    [InlineData("a*", "'*'")]
    [InlineData("a[1]", "'['")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("a@{1}", "'@{'")]
    [InlineData("@", "'@{' or is '@'")]
    [InlineData("/a", "slash")]
    [InlineData("a/", "slash")]
    [InlineData("a//b", "slash")]
    [InlineData("a.", "ends with '.'")]
    [InlineData("a/.b", "starts with '.'")]
    [InlineData(".a", "starts with '.'")]
    [InlineData("a.lock", ".lock")]
    [InlineData("a.lock/b", ".lock")]
    public void Problem_InvalidName_SaysWhy(string name, string why)
    {
        var problem = GitRefName.Problem(name, branch: false);

        Assert.NotNull(problem);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_HeadAsBranch_Refused() => Assert.Contains("HEAD", GitRefName.Problem("HEAD", branch: true), StringComparison.Ordinal);
}
