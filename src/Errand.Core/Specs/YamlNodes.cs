using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>Small facts about YAML nodes, as a spec reader needs them.</summary>
internal static class YamlNodes
{
    /// <summary>True for a YAML null: an empty plain value, <c>~</c> or <c>null</c> (quoted, these are strings).</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>What a node is, for messages: "a mapping", "a list", "nothing", "the text 'x'".</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing (an empty value)",
        YamlScalarNode scalar => $"the value '{Shorten(scalar.Value ?? "")}'",
        _ => "something else",
    };

    /// <summary>A value cut to a length that fits in a message.</summary>
    public static string Shorten(string value)
    {
        var line = value.ReplaceLineEndings(" ");
        return line.Length <= 40 ? line : line[..37] + "...";
    }
}
