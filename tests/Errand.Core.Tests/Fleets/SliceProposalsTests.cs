using Errand.Fleets;

namespace Errand.Core.Tests.Fleets;

public sealed class SliceProposalsTests
{
    // Each row: the text, the slices read (joined by '|'), or null and a piece of the problem.
    public static TheoryData<string, string?, string?> Cases => new()
    {
        { "[src/A, src/B]", "src/A|src/B", null },
        { "[\"src/A\", \"src/B\"]", "src/A|src/B", null },
        { "[{\"slice\": \"src/A\", \"reason\": \"big\"}, {slice: src/B}]", "src/A|src/B", null },
        { "src/A\nsrc/B\n\n  src/C  \n", "src/A|src/B|src/C", null },
        { "- src/A\n- src/B", "src/A|src/B", null },
        { "", null, "the list of slices is empty" },
        { "[]", null, "the list of slices is empty" },
        { "[a, b, a]", null, "slice 'a' is proposed twice (items 1 and 3)" },
        { "[a, b, c, d]", null, "4 slices is more than max_slices (3)" },
        { "[a, '']", null, "slice 2 is empty" },
        { "[a, \"b\\tc\"]", null, "slice 2 ('b\tc') must be one line" },
        { "[a, [b]]", null, "slice 2 is a list" },
        { "[{reason: r}]", null, "slice 1 has no 'slice:' value" },
        { "[{slice: a, why: r}]", null, "slice 1 has an unknown field 'why'" },
        { "[a, b", null, "the list of slices cannot be read" },
        { "{a: b}", null, "one slice per line" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_Text_SlicesOrProblem(string text, string? expected, string? problem)
    {
        var (slices, wrong) = SliceProposals.Parse(text, maxSlices: 3);

        Assert.Equal(expected, slices is null ? null : string.Join('|', slices.Select(s => s.Value)));
        if (problem is null)
        {
            Assert.Null(wrong);
        }
        else
        {
            Assert.Contains(problem, wrong, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_ObjectItems_KeepTheirReasons()
    {
        var (slices, _) = SliceProposals.Parse("[{slice: src/A, reason: the biggest}, src/B]", 5);

        Assert.Equal([new ProposedSlice("src/A", "the biggest"), new ProposedSlice("src/B")], slices);
        Assert.Equal(slices, SliceProposals.Deserialize(SliceProposals.Serialize(slices!)));
        Assert.Equal("1. src/A — the biggest\n2. src/B", SliceProposals.Describe(slices!));
    }

    [Theory]
    [InlineData("[\"a\", \"b\"]\n", "a|b")]
    [InlineData("scanning src/\nfound 2 projects\n[\"a\", \"b\"]\n", "a|b")]
    public void FromOutput_CommandPrintsAList_ItsLastListLine(string output, string expected)
    {
        var (slices, problem) = SliceProposals.FromOutput(output, 5);

        Assert.Null(problem);
        Assert.Equal(expected, string.Join('|', slices!.Select(s => s.Value)));
    }

    [Fact]
    public void FromOutput_NoList_SaysWhatACommandPlannerPrints()
    {
        var (slices, problem) = SliceProposals.FromOutput("nothing to see\n", 5);

        Assert.Null(slices);
        Assert.Contains("prints them as a JSON list", problem, StringComparison.Ordinal);
    }
}
