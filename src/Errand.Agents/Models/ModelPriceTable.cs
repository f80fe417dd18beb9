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
    public static IReadOnlyDictionary<string, ModelPrice> Load(string path) =>
        ModelsFile.Read(path) is { } text ? Parse(text, path) : new Dictionary<string, ModelPrice>();

    /// <summary>Parses the text of a price table.</summary>
    public static IReadOnlyDictionary<string, ModelPrice> Parse(string text, string source)
    {
        var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        if (ModelsFile.Section(text, source, "prices", "provider/model to { input, output }") is not { } models)
        {
            return prices;
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
