using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class FrontMatterTests
{
    [Theory]
    [InlineData("---\ntitle: t\n---\nbody", "title: t\n", "body", 4)]
    [InlineData("---\r\ntitle: t\r\n---\r\nbody", "title: t\r\n", "body", 4)]
    [InlineData("---  \ntitle: t\n--- \t\n", "title: t\n", "", 4)]
    [InlineData("---\n---\n", "", "", 3)]
    [InlineData("---\na: 1\nb: 2\n---", "a: 1\nb: 2\n", "", 5)]
    [InlineData("---\na: |\n  ----\n---\nx\n---\ny", "a: |\n  ----\n", "x\n---\ny", 5)]
    public void Split_Fenced_CutsYamlAndBody(string text, string yaml, string body, int bodyLine)
    {
        var context = new SpecContext("t.md");

        var front = FrontMatter.Split(text, context);

        Assert.Equal(new FrontMatter(yaml, body, bodyLine), front);
        Assert.Empty(context.Diagnostics);
    }

    [Theory]
    [InlineData("", SpecCodes.NoFrontMatter)]
    [InlineData("title: t", SpecCodes.NoFrontMatter)]
    [InlineData("\n---\ntitle: t\n---\n", SpecCodes.NoFrontMatter)]
    [InlineData("----\ntitle: t\n----\n", SpecCodes.NoFrontMatter)]
    [InlineData("---", SpecCodes.UnterminatedFrontMatter)]
    [InlineData("---\ntitle: t\n", SpecCodes.UnterminatedFrontMatter)]
    [InlineData("---\ntitle: t\n----\n", SpecCodes.UnterminatedFrontMatter)]
    public void Split_NoFence_Reports(string text, string code)
    {
        var context = new SpecContext("t.md");

        Assert.Null(FrontMatter.Split(text, context));
        Assert.Equal(code, Assert.Single(context.Diagnostics).Code);
    }
}
