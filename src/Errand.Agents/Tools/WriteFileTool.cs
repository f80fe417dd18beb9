using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Tools;

/// <summary><c>write_file</c>: creates or replaces a whole file (directories made as needed).</summary>
internal sealed class WriteFileTool : IAgentTool
{
    public string Name => "write_file";

    public AIFunctionDeclaration Declaration { get; } = AIFunctionFactory.CreateDeclaration(
        "write_file",
        "Create a file, or replace its whole content. For changes to an existing file prefer edit_file.",
        JsonDocument.Parse("""
        {"type":"object","properties":{
          "path":{"type":"string","description":"File path relative to the workspace root"},
          "content":{"type":"string","description":"The complete new content"}},
         "required":["path","content"]}
        """).RootElement);

    public async Task<string> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var path = arguments.String("path");
        var content = arguments.StringAllowEmpty("content");
        var full = context.Files.Resolve(path);
        if (Directory.Exists(full))
        {
            throw new ToolException($"'{path}' is a directory");
        }

        var existed = File.Exists(full);
        await context.Files.WriteAllTextAsync(path, content, cancellationToken);
        var lines = content.Length == 0 ? 0 : content.Count(c => c == '\n') + (content.EndsWith('\n') ? 0 : 1);
        return string.Create(CultureInfo.InvariantCulture, $"{(existed ? "replaced" : "created")} {path}: {lines} lines, {content.Length:N0} characters");
    }
}
