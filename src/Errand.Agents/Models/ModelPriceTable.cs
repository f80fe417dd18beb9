using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Errand.Agents.Models;

/// <summary>
/// Reads the price table: a YAML (or JSON) file of <c>prices: { provider/model: { input: USD, output: USD } }</c>,
/// per million tokens. Used when a provider reports no cost of its own.
/// </summary>
public static class ModelPriceTable
{
    /// <summary>The prices in <paramref name="path"/>; empty when the file does not exist.</summary>
    /// <exception cref="FormatException">The file is not a price table; the message says where.</exception>
    public static IReadOnlyDictionary<string, ModelPrice> Load(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, ModelPrice>();
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses the text of a price table.</summary>
    public static IReadOnlyDictionary<string, ModelPrice> Parse(string text, string source)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new FormatException($"{source}: {ex.Message}", ex);
        }

        var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            return prices;
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("prices"), out var table))
        {
            return prices;
        }

        if (table is not YamlMappingNode models)
        {
            throw new FormatException($"{source}: 'prices' must map provider/model to {{ input, output }}");
        }

        foreach (var (key, value) in models.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (value is not YamlMappingNode entry)
            {
                throw new FormatException($"{source}: the price of '{name}' must be {{ input: USD, output: USD }} per million tokens");
            }

            prices[name] = new ModelPrice(Number(entry, "input", name, source), Number(entry, "output", name, source));
        }

        return prices;
    }

    private static decimal Number(YamlMappingNode entry, string field, string model, string source)
    {
        if (entry.Children.TryGetValue(new YamlScalarNode(field), out var node)
            && node is YamlScalarNode scalar
            && decimal.TryParse(scalar.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            && value >= 0)
        {
            return value;
        }

        throw new FormatException($"{source} (line {entry.Start.Line}): '{model}' needs '{field}:' as a non-negative number of US dollars per million tokens");
    }
}
