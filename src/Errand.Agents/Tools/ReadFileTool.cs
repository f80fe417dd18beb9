using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Tools;

/// <summary><c>read_file</c>: a text file, or a range of its lines, cut to the output limit.</summary>
internal sealed class ReadFileTool : IAgentTool
{
    public string Name => "read_file";

    public AIFunctionDeclaration Declaration { get; } = AIFunctionFactory.CreateDeclaration(
        "read_file",
        "Read a text file in the workspace. Long files come back in parts: pass start_line and end_line (1-based, inclusive) to read a range. The header line says which lines you got; it is not part of the file.",
        JsonDocument.Parse("""
        {"type":"object","properties":{
          "path":{"type":"string","description":"File path relative to the workspace root"},
          "start_line":{"type":"integer","description":"First line to return (1-based); default 1"},
          "end_line":{"type":"integer","description":"Last line to return (inclusive); default: as many as fit"}},
         "required":["path"]}
        """).RootElement);

    public async Task<string> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var path = arguments.String("path");
        var full = context.Files.Resolve(path);
        if (Directory.Exists(full))
        {
            throw new ToolException($"'{path}' is a directory; use list_files to see what is in it");
        }

        if (!File.Exists(full))
        {
            throw new ToolException($"no file '{path}' in the workspace");
        }

        var text = await context.Files.ReadAllTextAsync(path, cancellationToken);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return string.Create(CultureInfo.InvariantCulture, $"'{path}' is a binary file ({new FileInfo(full).Length:N0} bytes); not shown");
        }

        var lines = text.Split('\n');
        if (lines.Length > 1 && lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }

        var first = Math.Max(arguments.OptionalInt("start_line") ?? 1, 1);
        if (lines.Length == 0)
        {
            return $"[{path}: empty file]";
        }

        if (first > lines.Length)
        {
            throw new ToolException(string.Create(CultureInfo.InvariantCulture, $"'{path}' has only {lines.Length} lines; start_line {first} is past the end"));
        }

        var last = Math.Min(arguments.OptionalInt("end_line") ?? lines.Length, lines.Length);
        last = Math.Min(last, first + context.Options.MaxReadLines - 1);
        if (last < first)
        {
            throw new ToolException("end_line is before start_line");
        }

        var body = new StringBuilder();
        var budget = context.Options.MaxToolOutputChars - 200;
        var shown = first - 1;
        for (var i = first - 1; i < last; i++)
        {
            if (body.Length + lines[i].Length + 1 > budget && shown >= first)
            {
                break;
            }

            body.Append(lines[i].Length > budget ? lines[i][..budget] + " [… line cut]" : lines[i]).Append('\n');
            shown = i + 1;
        }

        var header = string.Create(CultureInfo.InvariantCulture, $"[{path}: lines {first}-{shown} of {lines.Length}]");
        var footer = shown < lines.Length
            ? string.Create(CultureInfo.InvariantCulture, $"[{lines.Length - shown:N0} more lines; read on with start_line={shown + 1}]")
            : "";
        return $"{header}\n{body}{footer}".TrimEnd('\n');
    }
}
