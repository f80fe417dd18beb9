using Errand.Specs;

namespace Errand.Core.Tests.Specs;

public sealed class MarkdownBodyTests
{
    [Theory]
    [InlineData("Do it.\n\n## Done when\n- a\n- b\n", new[] { "a", "b" })]
    [InlineData("Do it.\n\n# done WHEN:\n* a\n+ b\n1. c\n2) d\n", new[] { "a", "b", "c", "d" })]
    [InlineData("Do it.\n\n### Done when ###\n- [ ] a\n- [x] b\n", new[] { "a", "b" })]
    [InlineData("Do it.\n\nDone when\n---------\n- a\n", new[] { "a" })]
    [InlineData("Do it.\n\nDone when\n=========\n- a\n", new[] { "a" })]
    [InlineData("## Done when\n- a\n## Notes\n- not this\n", new[] { "a" })]
    [InlineData("## Done when\n- the build\n  passes on CI\n- b\n", new[] { "the build passes on CI", "b" })]
    [InlineData("## Done when\n- a\n  - nested\n", new[] { "a", "nested" })]
    [InlineData("## Done when\nSome prose first.\n\n- a\n\nMore prose.\n", new[] { "a" })]
    [InlineData("```\n## Done when\n- in a code block\n```\n", new string[0])]
    [InlineData("## Done when\n```sh\n- not an item\n```\n- a\n", new[] { "a" })]
    [InlineData("## Done\n- a\n", new string[0])]
    [InlineData("## Done when the tests pass\n- a\n", new string[0])]
    [InlineData("", new string[0])]
    public void Read_Body_ExtractsDoneWhenItems(string body, string[] expected) =>
        Assert.Equal(expected, MarkdownBody.Read(body, 10).DoneWhen);

    [Fact]
    public void Read_Body_RecordsLinesInFileCoordinates()
    {
        var body = MarkdownBody.Read("\n\nFix it now.\n\n## Done when\n- a\n- b\n", 7);

        Assert.Equal("Fix it now.\n\n## Done when\n- a\n- b", body.Instruction);
        Assert.Equal(9, body.FirstLine);
        Assert.Equal(11, body.DoneWhenHeadingLine);
        Assert.Equal([12, 13], body.DoneWhenLines);
    }

    [Fact]
    public void Read_CrlfBody_NormalizesLineEnds()
    {
        var body = MarkdownBody.Read("Fix it.\r\n\r\n## Done when\r\n- a\r\n", 5);

        Assert.Equal("Fix it.\n\n## Done when\n- a", body.Instruction);
        Assert.Equal(["a"], body.DoneWhen);
    }
}
