using System.Globalization;
using Errand.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Errand.Fleets;

/// <summary>
/// A planner's proposed slices, and a human's edited list: read from text, and checked before a fleet takes them —
/// at least one, at most <c>max_slices</c>, no duplicates, each a single line of text.
/// </summary>
public static class SliceProposals
{
    /// <summary>The longest slice value.</summary>
    public const int MaxValueLength = 500;

    /// <summary>How a list may be written, for messages.</summary>
    public const string Shapes = "a list such as [src/A, src/B] (JSON or YAML, items may be { slice: X, reason: Y }) or one slice per line";

    /// <summary>
    /// Reads a list written as <c>[a, b]</c> (JSON or YAML flow; items plain, or <c>{ slice, reason }</c>) or as one slice
    /// per line (a leading <c>- </c> allowed), and checks it. Null with a message saying what is wrong.
    /// </summary>
    public static (IReadOnlyList<ProposedSlice>? Slices, string? Problem) Parse(string text, int maxSlices)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
        {
            return (null, "the list of slices is empty");
        }

        IReadOnlyList<ProposedSlice> slices;
        if (trimmed[0] is '[' or '{')
        {
            var (read, problem) = ReadSequence(trimmed);
            if (read is null)
            {
                return (null, problem);
            }

            slices = read;
        }
        else
        {
            slices = [.. trimmed.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
                .Select(l => new ProposedSlice(l.StartsWith("- ", StringComparison.Ordinal) ? l[2..].Trim() : l))];
        }

        return Problem(slices, maxSlices) is { } wrong ? (null, wrong) : (slices, null);
    }

    /// <summary>
    /// A command planner's slices: its whole output when that is a list, else the last line that starts one. Null with
    /// a message when it printed none or a bad one.
    /// </summary>
    public static (IReadOnlyList<ProposedSlice>? Slices, string? Problem) FromOutput(string output, int maxSlices)
    {
        var trimmed = (output ?? "").Trim();
        if (trimmed.StartsWith('['))
        {
            return Parse(trimmed, maxSlices);
        }

        var last = trimmed.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('['));
        return last is null
            ? (null, "the planner printed no list of slices: a command planner prints them as a JSON list, e.g. [\"src/A\", \"src/B\"]")
            : Parse(last, maxSlices);
    }

    /// <summary>What is wrong with <paramref name="slices"/> as a fleet's slices, or null.</summary>
    public static string? Problem(IReadOnlyList<ProposedSlice> slices, int maxSlices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        if (slices.Count == 0)
        {
            return "the list of slices is empty";
        }

        if (slices.Count > maxSlices)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{slices.Count} slices is more than max_slices ({maxSlices})");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < slices.Count; i++)
        {
            var value = slices[i].Value;
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (string.IsNullOrWhiteSpace(value))
            {
                return $"slice {n} is empty";
            }

            if (value.Length > MaxValueLength || value.Any(char.IsControl) || value != value.Trim())
            {
                return $"slice {n} ('{Shorten(value)}') must be one line of at most {MaxValueLength} characters, without surrounding spaces";
            }

            if (!seen.TryAdd(value, i))
            {
                return string.Create(CultureInfo.InvariantCulture, $"slice '{Shorten(value)}' is proposed twice (items {seen[value] + 1} and {i + 1})");
            }
        }

        return null;
    }

    /// <summary>The slices as JSON, as journaled and asked about.</summary>
    public static string Serialize(IReadOnlyList<ProposedSlice> slices) => ErrandJson.Serialize(slices);

    /// <summary>Slices written by <see cref="Serialize"/>.</summary>
    public static IReadOnlyList<ProposedSlice> Deserialize(string json) => ErrandJson.Deserialize<List<ProposedSlice>>(json);

    /// <summary>The slices as people read them: one a line, with the reason after a dash.</summary>
    public static string Describe(IReadOnlyList<ProposedSlice> slices) =>
        string.Join('\n', slices.Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {s.Value}") + (s.Reason is { } r ? $" — {r}" : "")));

    private static (IReadOnlyList<ProposedSlice>? Slices, string? Problem) ReadSequence(string text)
    {
        YamlNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            root = stream.Documents.Count == 1 ? stream.Documents[0].RootNode : new YamlScalarNode("");
        }
        catch (YamlException ex)
        {
            return (null, $"the list of slices cannot be read ({ex.Message}); write {Shapes}");
        }

        if (root is not YamlSequenceNode sequence)
        {
            return (null, $"not a list of slices; write {Shapes}");
        }

        var slices = new List<ProposedSlice>();
        foreach (var item in sequence.Children)
        {
            var n = (slices.Count + 1).ToString(CultureInfo.InvariantCulture);
            switch (item)
            {
                case YamlScalarNode scalar:
                    slices.Add(new ProposedSlice((scalar.Value ?? "").Trim()));
                    break;
                case YamlMappingNode mapping:
                    string? value = null, reason = null;
                    foreach (var (key, entry) in mapping.Children)
                    {
                        var name = (key as YamlScalarNode)?.Value;
                        var said = (entry as YamlScalarNode)?.Value?.Trim();
                        if (name is "slice" or "value")
                        {
                            value = said;
                        }
                        else if (name == "reason")
                        {
                            reason = string.IsNullOrWhiteSpace(said) ? null : said;
                        }
                        else
                        {
                            return (null, $"slice {n} has an unknown field '{Shorten(name ?? "?")}': an item is a value or {{ slice: X, reason: Y }}");
                        }
                    }

                    if (value is null)
                    {
                        return (null, $"slice {n} has no 'slice:' value");
                    }

                    slices.Add(new ProposedSlice(value, reason));
                    break;
                default:
                    return (null, $"slice {n} is a list; an item is a value or {{ slice: X, reason: Y }}");
            }
        }

        return (slices, null);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
