using Errand.Workspaces.Git;

namespace Errand.Workspaces.Tests.Git;

public sealed class RepoLocationTests
{
    [Theory]
    [InlineData("/home/me/project", true)]
    [InlineData("/", true)]
    [InlineData("file:///srv/git/app.git", false)]
    [InlineData("https://github.com/org/app.git", false)]
    [InlineData("http://git.local/app", false)]
    [InlineData("ssh://git@github.com:22/org/app.git", false)]
    [InlineData("git://git.kernel.org/pub/scm/git/git.git", false)]
    [InlineData("git@github.com:org/app.git", false)]
    [InlineData("github.com:org/app", false)]
    [InlineData("host:/abs/path.git", false)]
    public void Classify_Supported_SaysWhetherLocal(string repo, bool local) => Assert.Equal(local, RepoLocation.Classify(repo));

    [Theory]
    [InlineData("")]
    [InlineData("relative/dir")]
    [InlineData(".")]
    [InlineData("-oProxyCommand=touch /tmp/x:repo")]
    [InlineData("--upload-pack=x")]
    [InlineData("ext::sh -c 'touch /tmp/x'")]
    [InlineData("fd::17")]
    [InlineData("ftp://example.com/app.git")]
    [InlineData("https://exa mple.com/\napp")]
    public void Classify_Unusable_Throws(string repo) => Assert.Throws<WorkspaceException>(() => RepoLocation.Classify(repo));

    [Theory]
    [InlineData("https://GitHub.com/org/app.git", "https://github.com/org/app")]
    [InlineData("https://github.com/org/app/", "https://github.com/org/app")]
    [InlineData("https://bot:s3cret@github.com/org/app.git", "https://bot@github.com/org/app")]
    [InlineData("ssh://git@github.com:2222/org/app.git", "ssh://git@github.com:2222/org/app")]
    [InlineData("git@GitHub.com:org/app.git", "git@github.com:org/app")]
    [InlineData("file:///srv/git/app.git/", "file:///srv/git/app")]
    public void Normalize_Spellings_ShareOneForm(string url, string expected) => Assert.Equal(expected, RepoLocation.Normalize(url));

    [Theory]
    [InlineData("https://bot:s3cret@github.com/org/app.git", "https://bot:***@github.com/org/app.git")]
    [InlineData("https://github.com/org/app.git", "https://github.com/org/app.git")]
    [InlineData("git@github.com:org/app.git", "git@github.com:org/app.git")]
    public void Redact_Password_IsHidden(string url, string expected) => Assert.Equal(expected, RepoLocation.Redact(url));
}
