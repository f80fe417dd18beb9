using Errand.Agents.Tools;

namespace Errand.Agents.Tests.Tools;

public sealed class TextLimitTests
{
    [Fact]
    public void Truncate_ShortText_IsUnchanged() => Assert.Equal("abc", TextLimit.Truncate("abc", 200));

    [Fact]
    public void Truncate_LongText_KeepsHeadAndTailAndCountsTheCut()
    {
        var text = string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i:D4}\n"));

        var cut = TextLimit.Truncate(text, 500);

        Assert.True(cut.Length <= 500, $"{cut.Length}");
        Assert.StartsWith("0000\n0001\n", cut, StringComparison.Ordinal);
        Assert.EndsWith("0999\n", cut, StringComparison.Ordinal);
        var match = System.Text.RegularExpressions.Regex.Match(cut, @"\[… ([\d,]+) characters \(([\d,]+) lines\)");
        var chars = long.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        var lines = long.Parse(match.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(text.Length, cut.Length - TextLimit.Note(chars, lines).Length + chars);
    }

    [Fact]
    public void BoundedOutput_ManyLines_KeepsFirstAndLastLinesAndNotesTheRest()
    {
        var output = new BoundedOutput(300);
        for (var i = 1; i <= 10_000; i++)
        {
            output.Add($"line {i}");
        }

        var text = output.ToString();

        Assert.StartsWith("line 1\nline 2\n", text, StringComparison.Ordinal);
        Assert.EndsWith("line 10000", text, StringComparison.Ordinal);
        Assert.Contains("lines) cut from the middle of this output", text, StringComparison.Ordinal);
        Assert.True(text.Length < 600, $"{text.Length}");
    }

    [Fact]
    public void BoundedOutput_FewLines_KeepsThemAll()
    {
        var output = new BoundedOutput(300);
        output.Add("a");
        output.Add("b");

        Assert.Equal("a\nb", output.ToString());
    }
}
