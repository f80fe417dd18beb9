using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>
/// Reads the shapes a spec is made of (mappings of known fields, strings, string-or-list, numbers, durations),
/// reporting every wrong shape with its field path and recording where each field was written.
/// </summary>
internal sealed class FieldReader(SpecContext context)
{
    public SpecContext Context => context;

    /// <summary>
    /// The entries of a mapping whose keys are all in <paramref name="known"/>; unknown and non-string keys are
    /// reported and left out. Null when <paramref name="node"/> is not a mapping (reported).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, YamlNode>>? Mapping(YamlNode node, string path, IReadOnlyList<string> known, string example)
    {
        if (node is not YamlMappingNode mapping)
        {
            ReportShape(node, path, $"a mapping, e.g. {example}");
            return null;
        }

        var entries = new List<KeyValuePair<string, YamlNode>>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (context.IsRefused(keyNode))
            {
                continue;
            }

            if (keyNode is not YamlScalarNode { Value: { } key } || YamlNodes.IsNull(keyNode))
            {
                // An empty key has no position of its own worth showing; its value has.
                context.Error(SpecCodes.NonStringKey, YamlNodes.IsNull(keyNode) ? value : keyNode, NullIfEmpty(path),
                    $"a key must be a plain name such as '{known[0]}', not {YamlNodes.Describe(keyNode)}");
                continue;
            }

            var field = Join(path, key);
            if (!known.Contains(key))
            {
                var where = path.Length == 0 ? "" : $" in '{path}'";
                var hint = DidYouMean.Hint(key, known);
                context.Error(SpecCodes.UnknownField, keyNode, field, hint.Length > 0
                    ? $"unknown field '{YamlNodes.Shorten(key)}'{where}{hint}"
                    : $"unknown field '{YamlNodes.Shorten(key)}'{where}; the fields here are: {string.Join(", ", known)}");
                continue;
            }

            context.Record(field, keyNode.Start);
            entries.Add(new(key, value));
        }

        return entries;
    }

    /// <summary>A scalar's text (any scalar: numbers and booleans are text too), or null when it is not one (reported).</summary>
    public string? String(YamlNode node, string path, string expected = "a string")
    {
        if (node is YamlScalarNode { Value: { } value } && !YamlNodes.IsNull(node))
        {
            return value;
        }

        ReportShape(node, path, expected);
        return null;
    }

    /// <summary>Like <see cref="String"/>, and also refuses an empty or blank string.</summary>
    public string? NonEmptyString(YamlNode node, string path, string expected = "a string")
    {
        var value = String(node, path, expected);
        if (value is not null && value.Trim().Length == 0)
        {
            context.Error(SpecCodes.EmptyValue, node, path, $"{path} is empty; give {expected}, or remove the line");
            return null;
        }

        return value;
    }

    /// <summary>
    /// A field written as one string or as a list of strings, each non-empty. Null when the shape is wrong;
    /// items that are wrong are reported and left out.
    /// </summary>
    public List<ListItem>? Strings(YamlNode node, string path, string expected)
    {
        if (node is YamlSequenceNode sequence)
        {
            var items = new List<ListItem>();
            var index = 0;
            foreach (var child in sequence.Children)
            {
                var itemPath = $"{path}[{index++}]";
                context.Record(itemPath, child.Start);
                if (NonEmptyString(child, itemPath, expected) is { } value)
                {
                    items.Add(new ListItem(value, child, itemPath));
                }
            }

            return items;
        }

        if (node is YamlScalarNode && !YamlNodes.IsNull(node))
        {
            context.Record(path + "[0]", node.Start);
            return NonEmptyString(node, path, expected) is { } single ? [new ListItem(single, node, path)] : [];
        }

        ReportShape(node, path, $"{expected}, or a list of them");
        return null;
    }

    /// <summary>A whole number within [<paramref name="min"/>, <paramref name="max"/>], or null (reported).</summary>
    public int? Number(YamlNode node, string path, int min, int max)
    {
        if (String(node, path, "a whole number") is not { } text)
        {
            return null;
        }

        if (WholeNumber.TryParse(text, min, max, out var value, out var problem))
        {
            return value;
        }

        context.Error(SpecCodes.BadNumber, node, path, $"{path} '{YamlNodes.Shorten(text)}' {problem}");
        return null;
    }

    /// <summary>A positive duration of at most seven days, or null (reported).</summary>
    public TimeSpan? Duration(YamlNode node, string path)
    {
        if (String(node, path, "a duration such as 30m") is not { } text)
        {
            return null;
        }

        if (DurationParser.TryParse(text, out var value, out var problem))
        {
            return value;
        }

        context.Error(SpecCodes.BadDuration, node, path, $"{path} '{YamlNodes.Shorten(text)}' {problem}");
        return null;
    }

    /// <summary>A positive size in bytes, or null (reported).</summary>
    public long? Size(YamlNode node, string path)
    {
        if (String(node, path, "a size such as 512m") is not { } text)
        {
            return null;
        }

        if (SizeParser.TryParse(text, out var value, out var problem))
        {
            return value;
        }

        context.Error(SpecCodes.BadSize, node, path, $"{path} '{YamlNodes.Shorten(text)}' {problem}");
        return null;
    }

    /// <summary>Reports that <paramref name="node"/> is not <paramref name="expected"/>, unless it was already reported.</summary>
    public void ReportShape(YamlNode node, string path, string expected)
    {
        if (context.IsRefused(node))
        {
            return;
        }

        if (YamlNodes.IsNull(node))
        {
            context.Error(SpecCodes.EmptyValue, node, NullIfEmpty(path), $"{path} has no value; give {expected}, or remove the line");
            return;
        }

        context.Error(SpecCodes.WrongType, node, NullIfEmpty(path), $"{path}: expected {expected}, got {YamlNodes.Describe(node)}");
    }

    public static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    private static string? NullIfEmpty(string path) => path.Length == 0 ? null : path;
}
