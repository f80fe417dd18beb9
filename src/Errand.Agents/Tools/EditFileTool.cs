using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Tools;

/// <summary>
/// <c>edit_file</c>: replaces one exact occurrence of a string. It refuses when the string is not there or is there
/// more than once, and says which lines, because guessing which occurrence was meant is how edits go wrong silently.
/// </summary>
internal sealed class EditFileTool : IAgentTool
{
    public string Name => "edit_file";

    public AIFunctionDeclaration Declaration { get; } = AIFunctionFactory.CreateDeclaration(
        "edit_file",
        "Replace an exact piece of text in a file. old_string must match the file exactly (whitespace and line breaks included) and exactly once; include enough surrounding lines to make it unique. new_string replaces it (may be empty to delete).",
        JsonDocument.Parse("""
        {"type":"object","properties":{
          "path":{"type":"string","description":"File path relative to the workspace root"},
          "old_string":{"type":"string","description":"The exact text to replace; must occur exactly once"},
          "new_string":{"type":"string","description":"The replacement"}},
         "required":["path","old_string","new_string"]}
        """).RootElement);

    public async Task<string> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var path = arguments.String("path");
        var oldText = arguments.StringAllowEmpty("old_string");
        var newText = arguments.StringAllowEmpty("new_string");
        if (oldText.Length == 0)
        {
            throw new ToolException("old_string is empty; to create or replace a whole file use write_file");
        }

        if (!File.Exists(context.Files.Resolve(path)))
        {
            throw new ToolException($"no file '{path}' in the workspace; use write_file to create it");
        }

        var text = await context.Files.ReadAllTextAsync(path, cancellationToken);
        var at = Occurrences(text, oldText);
        if (at.Count == 0)
        {
            throw new ToolException($"old_string was not found in {path}; read the file again and copy the exact text, whitespace and line breaks included");
        }

        if (at.Count > 1)
        {
            var lines = string.Join(", ", at.Take(10).Select(i => LineOf(text, i).ToString(CultureInfo.InvariantCulture)));
            throw new ToolException(string.Create(CultureInfo.InvariantCulture,
                $"old_string occurs {at.Count} times in {path} (at lines {lines}{(at.Count > 10 ? ", …" : "")}); include more surrounding text so it matches exactly once"));
        }

        var updated = string.Concat(text.AsSpan(0, at[0]), newText, text.AsSpan(at[0] + oldText.Length));
        await context.Files.WriteAllTextAsync(path, updated, cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"edited {path}: replaced 1 occurrence at line {LineOf(text, at[0])}");
    }

    private static List<int> Occurrences(string text, string value)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            found.Add(i);
        }

        return found;
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;
}
