using Errand.Specs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Errand.Notifications.Configuration;

/// <summary>Reads the shapes the config file is made of, collecting every problem with its line, column and field.</summary>
internal sealed class ConfigReader(string file)
{
    private readonly List<ConfigError> _errors = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    public void Error(YamlNode node, string? field, string message) => Error(node.Start, field, message);

    public void Error(Mark at, string? field, string message) =>
        _errors.Add(new ConfigError(file, (int)Math.Max(1, at.Line), (int)Math.Max(1, at.Column), field, message));

    /// <summary>
    /// The entries of a mapping, by key; with <paramref name="known"/>, other keys are reported (with a suggestion)
    /// and left out. Null when <paramref name="node"/> is not a mapping (reported).
    /// </summary>
    public List<(string Key, YamlNode KeyNode, YamlNode Value)>? Mapping(YamlNode node, string path, IReadOnlyList<string>? known)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, $"must be a mapping of fields, not {Describe(node)}");
            return null;
        }

        var entries = new List<(string, YamlNode, YamlNode)>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                Error(keyNode, path, $"a key must be a plain name, not {Describe(keyNode)}");
                continue;
            }

            if (known is not null && !known.Contains(key))
            {
                Error(keyNode, Join(path, key), $"unknown field '{key}'{Where(path)}{Suggestion(key, known)}");
                continue;
            }

            if (entries.Exists(e => e.Item1 == key))
            {
                Error(keyNode, Join(path, key), $"'{key}' is written twice{Where(path)}; keep one");
                continue;
            }

            entries.Add((key, keyNode, value));
        }

        return entries;
    }

    /// <summary>A non-empty scalar's text, or null (reported).</summary>
    public string? String(YamlNode node, string path, string expected)
    {
        if (node is YamlScalarNode { Value: { } value } && !IsNull(node) && value.Trim().Length > 0)
        {
            return value.Trim();
        }

        Error(node, path, $"must be {expected}, not {Describe(node)}");
        return null;
    }

    /// <summary>One string or a list of them (each non-empty), or null (reported).</summary>
    public List<string>? Strings(YamlNode node, string path, string expected)
    {
        if (node is YamlSequenceNode sequence)
        {
            var items = new List<string>();
            var ok = true;
            foreach (var item in sequence.Children)
            {
                if (String(item, path, expected) is { } value)
                {
                    items.Add(value);
                }
                else
                {
                    ok = false;
                }
            }

            return ok ? items : null;
        }

        return String(node, path, $"{expected}, or a list of them") is { } one ? [one] : null;
    }

    public int? Number(YamlNode node, string path, int min, int max)
    {
        var text = String(node, path, $"a whole number from {min} to {max}");
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        Error(node, path, $"must be a whole number from {min} to {max}, not '{text}'");
        return null;
    }

    public TimeSpan? Duration(YamlNode node, string path)
    {
        var text = String(node, path, "a duration such as 30s, 10m or 1h");
        if (text is null)
        {
            return null;
        }

        if (DurationParser.TryParse(text, out var value, out var problem))
        {
            return value;
        }

        Error(node, path, $"'{text}' {problem}");
        return null;
    }

    /// <summary>An absolute http or https URL, or null (reported).</summary>
    public Uri? HttpUrl(YamlNode node, string path)
    {
        var text = String(node, path, "an http or https URL");
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        Error(node, path, $"'{text}' is not an http or https URL");
        return null;
    }

    /// <summary>The name of a secret in Errand's secret store, or null (reported).</summary>
    public string? SecretName(YamlNode node, string path)
    {
        var name = String(node, path, "the name of a secret (set it with `errand secret set NAME`)");
        if (name is null)
        {
            return null;
        }

        if (Errand.Secrets.SecretName.IsValid(name))
        {
            return name;
        }

        Error(node, path, $"'{name}' is not a secret's name: name a secret set with `errand secret set NAME` "
            + "(A-Z, 0-9 and _); secret values never go in the config file");
        return null;
    }

    public static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing (an empty value)",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "something else",
    };

    /// <summary>" — did you mean 'x'?", else the list of what is allowed, to append to a message.</summary>
    public static string Suggestion(string typed, IReadOnlyList<string> known, string allowed = "the fields here are") =>
        DidYouMean.Suggest(typed, known) is { } suggestion ? $" — did you mean '{suggestion}'?"
        : known.Count == 0 ? ""
        : $"; {allowed}: {string.Join(", ", known)}";

    private static string Where(string path) => path.Length == 0 ? "" : $" in '{path}'";
}
