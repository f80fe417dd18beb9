using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Errand.Agents.Tools;

/// <summary><c>search_text</c>: lines matching a literal or a regular expression, as <c>path:line: text</c>, bounded.</summary>
internal sealed class SearchTextTool : IAgentTool
{
    private const int MaxFileBytes = 2 * 1024 * 1024;
    private const int MaxLineChars = 300;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    public string Name => "search_text";

    public AIFunctionDeclaration Declaration { get; } = AIFunctionFactory.CreateDeclaration(
        "search_text",
        "Search the workspace's text files for a string (or a .NET regular expression with regex=true). Returns path:line: text for each matching line, at most a bounded number.",
        JsonDocument.Parse("""
        {"type":"object","properties":{
          "query":{"type":"string","description":"Text to find (literal unless regex is true)"},
          "regex":{"type":"boolean","description":"Treat query as a regular expression; default false"},
          "ignore_case":{"type":"boolean","description":"Case-insensitive; default false"},
          "path":{"type":"string","description":"Directory to search, relative to the workspace root; default ."},
          "glob":{"type":"string","description":"Only files matching this glob (relative to the workspace root), e.g. **/*.cs"}},
         "required":["query"]}
        """).RootElement);

    public async Task<string> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var query = arguments.String("query");
        var options = RegexOptions.CultureInvariant | (arguments.OptionalBool("ignore_case", false) ? RegexOptions.IgnoreCase : RegexOptions.None);
        Regex regex;
        try
        {
            regex = new Regex(arguments.OptionalBool("regex", false) ? query : Regex.Escape(query), options, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new ToolException($"not a valid regular expression: {ex.Message}");
        }

        var glob = arguments.OptionalString("glob") is { } g ? new Matcher(StringComparison.Ordinal).AddInclude(g) : null;
        var limit = context.Options.MaxListResults;
        var hits = new StringBuilder();
        var count = 0;
        foreach (var file in WorkspaceWalker.Files(context.Files, arguments.OptionalString("path") ?? ".", includeSymlinks: false))
        {
            if (glob is not null && !glob.Match(file).HasMatches)
            {
                continue;
            }

            var full = context.Files.Resolve(file);
            if (new FileInfo(full).Length > MaxFileBytes)
            {
                continue;
            }

            var text = await File.ReadAllTextAsync(full, cancellationToken);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                continue;
            }

            var lineNumber = 0;
            foreach (var line in text.Split('\n'))
            {
                lineNumber++;
                bool match;
                try
                {
                    match = regex.IsMatch(line);
                }
                catch (RegexMatchTimeoutException)
                {
                    throw new ToolException("the regular expression took too long; simplify it");
                }

                if (match && ++count <= limit)
                {
                    var shown = line.TrimEnd('\r');
                    hits.Append(CultureInfo.InvariantCulture, $"{file}:{lineNumber}: {(shown.Length > MaxLineChars ? shown[..MaxLineChars] + "…" : shown)}\n");
                }
            }
        }

        if (count == 0)
        {
            return $"no matches for '{query}'";
        }

        if (count > limit)
        {
            hits.Append(CultureInfo.InvariantCulture, $"[{count - limit:N0} more matches not shown; narrow the query, path or glob]");
        }

        return TextLimit.Truncate(hits.ToString().TrimEnd('\n'), context.Options.MaxToolOutputChars);
    }
}
