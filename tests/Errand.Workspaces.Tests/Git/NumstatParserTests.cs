using Errand.Results;
using Errand.Workspaces.Git;

namespace Errand.Workspaces.Tests.Git;

public sealed class NumstatParserTests
{
    [Fact]
    public void Parse_Empty_IsEmptyStat() => Assert.Same(DiffStat.Empty, NumstatParser.Parse(""));

    [Fact]
    public void Parse_TextBinaryAndRename_CountsEachWithNewPath()
    {
        var output = "3\t1\tsrc/a.cs\0-\t-\tlogo.png\0" + "2\t0\t\0old/name.txt\0new/name.txt\0" + "0\t0\twith\ttab and space.txt\0";

        var stat = NumstatParser.Parse(output);

        Assert.Equal(
            [
                new FileChange("src/a.cs", 3, 1),
                new FileChange("logo.png", 0, 0),
                new FileChange("new/name.txt", 2, 0),
                new FileChange("with\ttab and space.txt", 0, 0),
            ],
            stat.Files);
        Assert.Equal((4, 5, 1), (stat.FilesChanged, stat.Insertions, stat.Deletions));
    }

    [Fact]
    public void Parse_NonAsciiPath_KeptVerbatim() =>
        Assert.Equal("docs/résumé ✓.md", NumstatParser.Parse("1\t0\tdocs/résumé ✓.md\0").Files[0].Path);
}
