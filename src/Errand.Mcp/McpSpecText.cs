using System.Text;
using System.Text.Json;
using ModelContextProtocol;

namespace Errand.Mcp;

/// <summary>
/// The spec text of a dispatch: the caller's own, or one written from title, prompt and repo — through the same
/// parser either way, so a dispatch is checked exactly like a task file.
/// </summary>
internal static class McpSpecText
{
    public static string From(string? spec, string? title, string? prompt, string? repo, string? agent, string? model)
    {
        if (spec is { Length: > 0 })
        {
            if (title is not null || prompt is not null || repo is not null)
            {
                throw new McpException("give either spec, or title, prompt and repo; not both");
            }

            return spec;
        }

        var missing = new[] { ("title", title), ("prompt", prompt), ("repo", repo) }.Where(f => string.IsNullOrWhiteSpace(f.Item2)).Select(f => f.Item1).ToList();
        if (missing.Count > 0)
        {
            throw new McpException($"without spec, {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} needed");
        }

        // JSON strings are YAML scalars: whatever the caller wrote stays one value, never more front matter.
        var text = new StringBuilder("---\n");
        Field(text, "title", title!);
        Field(text, "repo", repo!);
        if (agent is not null)
        {
            Field(text, "agent", agent);
        }

        if (model is not null)
        {
            Field(text, "model", model);
        }

        return text.Append("---\n").Append(prompt).Append('\n').ToString();
    }

    private static void Field(StringBuilder text, string name, string value) =>
        text.Append(name).Append(": ").Append(JsonSerializer.Serialize(value.Trim())).Append('\n');
}
