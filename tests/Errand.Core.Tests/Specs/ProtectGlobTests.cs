using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class ProtectGlobTests
{
    [Theory]
    [InlineData("tests/**")]
    [InlineData("*.lock")]
    [InlineData("src/Api/*.cs")]
    [InlineData("README.md")]
    [InlineData("docs")]
    [InlineData("a..b/c")]
    public void Problem_Relative_Null(string glob) => Assert.Null(ProtectGlob.Problem(glob));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("  ", "empty")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:/repo", "absolute")]
    [InlineData("c:x", "absolute")]
    [InlineData("..", "'..'")]
    [InlineData("../x", "'..'")]
    [InlineData("src/../../x", "'..'")]
    [InlineData("tests\\**", "backslash")]
    [InlineData("a\nb", "control")]
    public void Problem_Bad_SaysWhy(string glob, string why)
    {
        var problem = ProtectGlob.Problem(glob);

        Assert.NotNull(problem);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }
}
