using YamlDotNet.RepresentationModel;

namespace Errand.Agents.Models;

/// <summary>Reads a section of <c>models.yaml</c>: the price table and the context windows share the file.</summary>
internal static class ModelsFile
{
    /// <summary>The text of <paramref name="path"/>, or null when the file does not exist.</summary>
    public static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    /// <summary>The mapping under <paramref name="name"/>, or null when the file has none.</summary>
    /// <exception cref="FormatException">The file is not YAML, or the section is not a mapping; the message says where.</exception>
    public static YamlMappingNode? Section(string text, string source, string name, string shape)
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

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode(name), out var section))
        {
            return null;
        }

        return section as YamlMappingNode ?? throw new FormatException($"{source}: '{name}' must map {shape}");
    }
}
