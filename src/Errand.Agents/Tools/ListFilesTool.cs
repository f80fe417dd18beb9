using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Errand.Agents.Tools;

/// <summary><c>list_files</c>: files under a directory matching a glob, in name order, bounded.</summary>
internal sealed class ListFilesTool : IAgentTool
{
    public string Name => "list_files";

    public AIFunctionDeclaration Declaration { get; } = AIFunctionFactory.CreateDeclaration(
        "list_files",
        "List files in the workspace (never inside .git). pattern is a glob relative to path, e.g. **/*.cs or src/*; default **/* (everything).",
        JsonDocument.Parse("""
        {"type":"object","properties":{
          "pattern":{"type":"string","description":"Glob, e.g. **/*.py; default **/*"},
          "path":{"type":"string","description":"Directory to list, relative to the workspace root; default ."}}}
        """).RootElement);

    public Task<string> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var directory = arguments.OptionalString("path") ?? ".";
        var pattern = arguments.OptionalString("pattern") ?? "**/*";
        var matcher = new Matcher(StringComparison.Ordinal).AddInclude(pattern);
        var prefix = context.Files.Resolve(directory) == context.Files.Resolve(".") ? "" : directory.Trim('/') + "/";
        var limit = context.Options.MaxListResults;
        var found = new List<string>();
        var more = 0;
        foreach (var file in WorkspaceWalker.Files(context.Files, directory, includeSymlinks: true))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = prefix.Length > 0 && file.StartsWith(prefix, StringComparison.Ordinal) ? file[prefix.Length..] : file;
            if (!matcher.Match(relative).HasMatches)
            {
                continue;
            }

            if (found.Count < limit)
            {
                found.Add(file);
            }
            else
            {
                more++;
            }
        }

        if (found.Count == 0)
        {
            return Task.FromResult($"no files match '{pattern}' under '{directory}'");
        }

        var text = new StringBuilder(string.Join('\n', found));
        if (more > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[{more:N0} more files not shown; narrow the pattern or the path]");
        }

        return Task.FromResult(TextLimit.Truncate(text.ToString(), context.Options.MaxToolOutputChars));
    }
}
