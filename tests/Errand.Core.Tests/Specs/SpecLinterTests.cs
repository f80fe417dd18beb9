using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class SpecLinterTests
{
    private static readonly string[] Files = ["README.md", "src/App/Program.cs", "src/App/App.csproj", "tests/App.Tests/DateTests.cs", "package-lock.json"];

    [Theory]
    [InlineData("tests/**")]
    [InlineData("tests")]
    [InlineData("tests/")]
    [InlineData("**/*.csproj")]
    [InlineData("*.md")]
    [InlineData("src/App/Program.cs")]
    [InlineData("package-lock.json")]
    public void Lint_GlobMatchesAFile_NoWarning(string glob)
    {
        var result = SpecParserTests.Parse($"title: t\nprotect: ['{glob}']");

        Assert.Empty(SpecLinter.Lint(result, Files));
    }

    [Theory]
    [InlineData("test/**")]
    [InlineData("Tests/**")]
    [InlineData("*.lock")]
    [InlineData("src/*.cs")]
    [InlineData("docs")]
    public void Lint_GlobMatchesNothing_WarnsAtTheGlob(string glob)
    {
        var result = SpecParserTests.Parse($"title: t\nprotect:\n  - tests/**\n  - '{glob}'");

        var warning = Assert.Single(SpecLinter.Lint(result, Files));

        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(SpecCodes.ProtectMatchesNothing, warning.Code);
        Assert.Equal(("task.md", 5, 5, "protect[1]"), (warning.File, warning.Line, warning.Column, warning.Field));
        Assert.Contains($"'{glob}'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_OneStringForm_PointsAtTheValue()
    {
        var result = SpecParserTests.Parse("title: t\nprotect: nothing/**");

        var warning = Assert.Single(SpecLinter.Lint(result, Files));

        Assert.Equal((3, 10, "protect[0]"), (warning.Line, warning.Column, warning.Field));
    }

    [Fact]
    public void Lint_EmptyRepository_WarnsForEveryGlob()
    {
        var result = SpecParserTests.Parse("title: t\nprotect: [a/**, b/**]");

        Assert.Equal(2, SpecLinter.Lint(result, []).Count);
    }

    [Fact]
    public void Lint_SpecWithErrors_NothingToAdd()
    {
        var result = SpecParserTests.Parse("title: t\nprotect: [nothing/**]\nagent: nope");

        Assert.Null(result.Spec);
        Assert.Empty(SpecLinter.Lint(result, Files));
    }

    [Fact]
    public void Lint_NoProtect_NothingToAdd() =>
        Assert.Empty(SpecLinter.Lint(SpecParserTests.Parse("title: t"), Files));
}
