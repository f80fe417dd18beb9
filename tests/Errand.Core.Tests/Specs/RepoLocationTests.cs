using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class RepoLocationTests
{
    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../sibling")]
    [InlineData("/srv/git/app")]
    [InlineData("my repo")]
    [InlineData("https://github.com/owner/repo.git")]
    [InlineData("http://git.local/repo")]
    [InlineData("ssh://git@github.com/owner/repo.git")]
    [InlineData("git://example.com/repo.git")]
    [InlineData("file:///srv/git/app.git")]
    [InlineData("git@github.com:owner/repo.git")]
    [InlineData("HTTPS://github.com/owner/repo")]
    public void Problem_Acceptable_Null(string repo) => Assert.Null(RepoLocation.Problem(repo));

    [Theory]
    [InlineData("--upload-pack=touch /tmp/x", "option")]
    [InlineData("-u evil", "option")]
    [InlineData("ext::sh -c evil", "transport 'ext::'")]
    [InlineData("fd::17", "transport 'fd::'")]
    [InlineData("transport-helper::x", "transport")]
    [InlineData("ftp://example.com/r.git", "scheme 'ftp://'")]
    [InlineData("javascript://x", "scheme")]
    [InlineData("a\nb", "line break")]
    [InlineData("a\0b", "control")]
    [InlineData("https://exa mple.com/r", "whitespace")]
    [InlineData("https:///r.git", "well-formed")]
    [InlineData("git@-oProxyCommand=x:r.git", "ssh")]
    [InlineData("-oProxyCommand=x@host:r.git", "option")]
    [InlineData("ssh://-oProxyCommand=x/r", "")]
    public void Problem_Dangerous_SaysWhy(string repo, string why)
    {
        var problem = RepoLocation.Problem(repo);

        Assert.NotNull(problem);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }
}
