using YamlDotNet.RepresentationModel;

namespace Errand.Notifications.Configuration;

/// <summary>One channel's fields while it is bound: lookups that report what is missing or wrong at the right line.</summary>
internal sealed class ChannelFields(
    string name,
    string path,
    YamlNode keyNode,
    IReadOnlyDictionary<string, (YamlNode Key, YamlNode Value)> fields,
    ConfigReader reader)
{
    public string Name => name;

    public string Path => path;

    public YamlNode KeyNode => keyNode;

    public ConfigReader Reader => reader;

    public YamlNode? Get(string field) => fields.TryGetValue(field, out var entry) ? entry.Value : null;

    /// <summary>A required string field, or null (reported: missing at the channel's line, wrong at its own).</summary>
    public string? Required(string field, string what)
    {
        if (Get(field) is { } node)
        {
            return reader.String(node, $"{path}.{field}", what);
        }

        reader.Error(keyNode, path, $"needs '{field}:', {what}");
        return null;
    }

    /// <summary>A field naming a secret; null when absent (reported when required) or invalid (reported).</summary>
    public string? Secret(string field, bool required)
    {
        if (Get(field) is { } node)
        {
            return reader.SecretName(node, $"{path}.{field}");
        }

        if (required)
        {
            reader.Error(keyNode, path, $"needs '{field}:', the name of a secret set with `errand secret set NAME`");
        }

        return null;
    }

    /// <summary>Exactly one of 'url:' (written here) and 'url_secret:' (a URL that carries a credential).</summary>
    public ConfiguredUrl? Url()
    {
        var url = Get("url");
        var secret = Get("url_secret");
        if (url is not null && secret is not null)
        {
            reader.Error(secret, $"{path}.url_secret", "give 'url:' or 'url_secret:', not both");
            return null;
        }

        if (url is not null)
        {
            return reader.HttpUrl(url, $"{path}.url") is { } value ? new ConfiguredUrl(value, null) : null;
        }

        if (secret is not null)
        {
            return reader.SecretName(secret, $"{path}.url_secret") is { } name ? new ConfiguredUrl(null, name) : null;
        }

        reader.Error(keyNode, path, "needs 'url:' (or 'url_secret:' naming a secret that holds the URL)");
        return null;
    }
}
