namespace Errand.Specs;

/// <summary>A task file cut in two: the YAML between the <c>---</c> lines, and the Markdown body after them.</summary>
/// <param name="Yaml">The front matter text, which starts on file line 2.</param>
/// <param name="Body">Everything after the closing <c>---</c> line.</param>
/// <param name="BodyLine">The file line the body starts on.</param>
internal sealed record FrontMatter(string Yaml, string Body, int BodyLine)
{
    /// <summary>The file line the YAML text starts on: the one after the opening <c>---</c>.</summary>
    public const int YamlLine = 2;

    /// <summary>Splits <paramref name="text"/>, or reports why it cannot and returns null.</summary>
    public static FrontMatter? Split(string text, SpecContext context)
    {
        var firstEnd = LineEnd(text, 0);
        if (!IsFence(text, 0, firstEnd))
        {
            context.Error(SpecCodes.NoFrontMatter, new SourcePosition(1, 1), null,
                "no front matter: a task file starts with a line '---', then YAML fields (title, repo, verify, ...), "
                + "then a line '---', then the instruction in Markdown");
            return null;
        }

        var yamlStart = Next(text, firstEnd);
        var line = YamlLine;
        for (var start = yamlStart; start < text.Length; start = Next(text, LineEnd(text, start)), line++)
        {
            var end = LineEnd(text, start);
            if (IsFence(text, start, end))
            {
                return new FrontMatter(text[yamlStart..start], text[Next(text, end)..], line + 1);
            }
        }

        context.Error(SpecCodes.UnterminatedFrontMatter, new SourcePosition(1, 1), null,
            "the front matter opened on line 1 is never closed: add a line '---' after the last field, "
            + "before the instruction");
        return null;
    }

    private static int LineEnd(string text, int start)
    {
        var end = text.IndexOf('\n', start);
        return end < 0 ? text.Length : end;
    }

    private static int Next(string text, int lineEnd) => Math.Min(lineEnd + 1, text.Length);

    // "---" with nothing after it but spaces, tabs or the CR of a CRLF line end.
    private static bool IsFence(string text, int start, int end) =>
        end - start >= 3 && text.AsSpan(start, 3).SequenceEqual("---") && text.AsSpan(start + 3, end - start - 3).Trim(" \t\r").IsEmpty;
}
