using System.Text.RegularExpressions;

namespace Errand.Specs;

/// <summary>
/// The Markdown body of a task file: the instruction, and the list items of its "Done when" section
/// (a heading of any level, any case, until the next heading).
/// </summary>
/// <param name="Instruction">The body, trimmed, with LF line ends.</param>
/// <param name="FirstLine">The file line of the first non-blank body line.</param>
/// <param name="DoneWhen">The "Done when" items, one string each.</param>
/// <param name="DoneWhenLines">The file line of each item.</param>
/// <param name="DoneWhenHeadingLine">The file line of the heading, or null when there is none.</param>
internal sealed partial record MarkdownBody(
    string Instruction, int FirstLine, IReadOnlyList<string> DoneWhen, IReadOnlyList<int> DoneWhenLines, int? DoneWhenHeadingLine)
{
    public static MarkdownBody Read(string body, int bodyLine)
    {
        var lines = body.ReplaceLineEndings("\n").Split('\n');
        var first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        var items = new List<string>();
        var itemLines = new List<int>();
        int? heading = null;
        var inSection = false;
        var lastWasItem = false;
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (Fence().Match(line) is { Success: true } marker && (fence is null || marker.Value.TrimStart().StartsWith(fence, StringComparison.Ordinal)))
            {
                fence = fence is null ? marker.Value.TrimStart()[..3] : null;
                lastWasItem = false;
                continue;
            }

            if (fence is not null)
            {
                continue;
            }

            if (HeadingText(lines, i) is { } text)
            {
                if (inSection)
                {
                    break;
                }

                inSection = heading is null && IsDoneWhen(text);
                heading = inSection ? bodyLine + i : null;
                i += Setext(lines, i) ? 1 : 0;
                continue;
            }

            if (!inSection)
            {
                continue;
            }

            if (Item().Match(line) is { Success: true } item)
            {
                var itemText = item.Groups["text"].Value.Trim();
                lastWasItem = itemText.Length > 0;
                if (lastWasItem)
                {
                    items.Add(itemText);
                    itemLines.Add(bodyLine + i);
                }
            }
            else if (line.Trim().Length == 0)
            {
                lastWasItem = lastWasItem && i + 1 < lines.Length && lines[i + 1].StartsWith(' ');
            }
            else if (lastWasItem)
            {
                items[^1] += " " + line.Trim();
            }
        }

        var instruction = string.Join('\n', lines).Trim();
        return new MarkdownBody(instruction, bodyLine + Math.Max(first, 0), items, itemLines, heading);
    }

    private static bool IsDoneWhen(string heading) =>
        heading.Trim().TrimEnd(':').Trim().Equals("done when", StringComparison.OrdinalIgnoreCase);

    private static string? HeadingText(string[] lines, int i)
    {
        if (Atx().Match(lines[i]) is { Success: true } atx)
        {
            return atx.Groups["text"].Value;
        }

        return Setext(lines, i) ? lines[i].Trim() : null;
    }

    // "Done when" underlined with === or --- is a heading too; a list item or blank line above the underline is not.
    private static bool Setext(string[] lines, int i) =>
        i + 1 < lines.Length && SetextUnderline().IsMatch(lines[i + 1])
        && lines[i].Trim().Length > 0 && !Item().IsMatch(lines[i]) && !Atx().IsMatch(lines[i]);

    [GeneratedRegex(@"^ {0,3}#{1,6}(?:[ \t]+(?<text>.*?))?(?:[ \t]+#+)?[ \t]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Atx();

    [GeneratedRegex(@"^ {0,3}(?:=+|-{2,})[ \t]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?:\[[ xX]\][ \t]+)?(?<text>.*))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Item();

    [GeneratedRegex(@"^ {0,3}(?:`{3,}|~{3,})", RegexOptions.CultureInvariant)]
    private static partial Regex Fence();
}
