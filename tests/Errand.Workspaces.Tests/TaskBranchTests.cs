namespace Errand.Workspaces.Tests;

public sealed class TaskBranchTests
{
    [Theory]
    [InlineData(42, "Fix the flaky ISO date test", "errand/42-fix-the-flaky-iso-date-test")]
    [InlineData(1, "fix", "errand/1-fix")]
    [InlineData(7, "Bump Newtonsoft.Json to 13.0.3", "errand/7-bump-newtonsoft-json-to-13-0-3")]
    [InlineData(7, "  --Leading & trailing!!  ", "errand/7-leading-trailing")]
    [InlineData(7, "a__b--c  d", "errand/7-a-b-c-d")]
    [InlineData(7, "UPPER lower MiXeD", "errand/7-upper-lower-mixed")]
    [InlineData(7, "Café crème brûlée", "errand/7-cafe-creme-brulee")]
    [InlineData(7, "Ärger über Öl", "errand/7-arger-uber-ol")]
    [InlineData(7, "Straße × Œuvre", "errand/7-strasse-oeuvre")]
    [InlineData(7, "cafe\u0301 decomposed", "errand/7-cafe-decomposed")]
    [InlineData(7, "修复 the 错误 bug", "errand/7-the-bug")]
    [InlineData(7, "emoji 🚀 launch", "errand/7-emoji-launch")]
    [InlineData(7, "日本語のみ", "errand/7-task")]
    [InlineData(7, "", "errand/7-task")]
    [InlineData(7, "   ", "errand/7-task")]
    [InlineData(7, "!!!", "errand/7-task")]
    [InlineData(7, "path/to/file.cs: fix ../ and refs/heads", "errand/7-path-to-file-cs-fix-and-refs-heads")]
    [InlineData(7, "line\nbreak\ttab", "errand/7-line-break-tab")]
    [InlineData(0, "zero", "errand/0-zero")]
    [InlineData(9_000_000_000, "big id", "errand/9000000000-big-id")]
    public void For_Title_GivesExpectedBranch(long id, string title, string expected) =>
        Assert.Equal(expected, TaskBranch.For(id, title));

    [Theory]
    [InlineData("Update every dependency in the solution to the latest patch version", "update-every-dependency-in-the-solution")]
    [InlineData("aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee", "aaaaaaaaaa-bbbbbbbbbb-cccccccccc")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("a aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "a-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("exactly forty characters long slug text1", "exactly-forty-characters-long-slug-text1")]
    public void Slug_LongTitle_CutAtMostFortyPreferringWordBoundary(string title, string expected)
    {
        var slug = TaskBranch.Slug(title);

        Assert.Equal(expected, slug);
        Assert.True(slug.Length <= TaskBranch.MaxSlugLength);
    }

    [Theory]
    [InlineData("Fix the flaky ISO date test")]
    [InlineData("Ünïcödé ✓ and -- dashes --")]
    [InlineData("\ud800 lone surrogate")]
    [InlineData("x")]
    public void Slug_AnyTitle_IsNonEmptyLowercaseAsciiWordsWithSingleDashes(string title) =>
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", TaskBranch.Slug(title));

    [Fact]
    public void Slug_Null_FallsBackToTask() => Assert.Equal("task", TaskBranch.Slug(null));
}
