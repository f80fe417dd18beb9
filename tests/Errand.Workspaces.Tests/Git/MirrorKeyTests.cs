using Errand.Workspaces.Git;

namespace Errand.Workspaces.Tests.Git;

public sealed class MirrorKeyTests
{
    [Theory]
    [InlineData("/home/me/My Project", "my-project-")]
    [InlineData("https://github.com/org/app", "app-")]
    [InlineData("git@github.com:org/Errand.Core", "errand.core-")]
    [InlineData("/", "repo-")]
    [InlineData("/srv/..hidden", "hidden-")]
    [InlineData("/srv/日本", "repo-")]
    public void For_Source_ReadableNameThenHash(string normalized, string prefix)
    {
        var key = MirrorKey.For(normalized);

        Assert.StartsWith(prefix, key, StringComparison.Ordinal);
        Assert.Matches("-[0-9a-f]{12}$", key);
    }

    [Fact]
    public void For_SameNameDifferentPlaces_DifferentKeys() =>
        Assert.NotEqual(MirrorKey.For("/a/app"), MirrorKey.For("/b/app"));
}
