using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Errand.Agents.Models;

/// <summary>
/// Reads the context windows from <c>models.yaml</c>: <c>context_windows: { provider/model: tokens }</c>. The builtin
/// agent compacts a conversation at a share of its model's window; a model not listed gets the agent's default.
/// </summary>
public static class ModelContextWindows
{
    /// <summary>The smallest window accepted: below it not even the system prompt and one tool result fit.</summary>
    public const int MinTokens = 1_000;

    /// <summary>The windows in <paramref name="path"/>; empty when the file does not exist.</summary>
    /// <exception cref="FormatException">The section is malformed; the message says where.</exception>
    public static IReadOnlyDictionary<string, int> Load(string path) =>
        ModelsFile.Read(path) is { } text ? Parse(text, path) : new Dictionary<string, int>();

    /// <summary>Parses the <c>context_windows</c> section of a models file.</summary>
    public static IReadOnlyDictionary<string, int> Parse(string text, string source)
    {
        var windows = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (ModelsFile.Section(text, source, "context_windows", "provider/model to a number of tokens") is not { } models)
        {
            return windows;
        }

        foreach (var (key, value) in models.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (value is not YamlScalarNode scalar
                || !int.TryParse(scalar.Value?.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var tokens)
                || tokens < MinTokens)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"{source} (line {value.Start.Line}): the context window of '{name}' must be a whole number of tokens, at least {MinTokens:N0}"));
            }

            windows[name] = tokens;
        }

        return windows;
    }
}
