namespace Errand.Specs;

/// <summary>Parses a task file: YAML front matter (the contract) and a Markdown body (the instruction).</summary>
public static class SpecParser
{
    /// <summary>
    /// Parses <paramref name="text"/>. Never throws on bad input: every problem is a diagnostic with the file,
    /// line, column and field.
    /// </summary>
    /// <param name="text">The whole file.</param>
    /// <param name="file">The path shown in diagnostics.</param>
    public static SpecParseResult Parse(string text, string file) => throw new NotImplementedException();
}
