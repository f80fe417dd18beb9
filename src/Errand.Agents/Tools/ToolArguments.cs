using System.Globalization;
using System.Text.Json;

namespace Errand.Agents.Tools;

/// <summary>A tool call's arguments, read leniently (a number sent as a string is still a number) and strictly (a missing required one is an error the model reads).</summary>
internal sealed class ToolArguments
{
    private readonly Dictionary<string, JsonElement> _values;

    private ToolArguments(Dictionary<string, JsonElement> values) => _values = values;

    public static ToolArguments Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ToolException("arguments must be a JSON object");
            }

            var values = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
            if (values.TryGetValue("_unparsable_arguments", out var problem))
            {
                throw new ToolException($"the arguments were not valid JSON ({problem.GetString()}); send them again as a JSON object");
            }

            return new ToolArguments(values);
        }
        catch (JsonException ex)
        {
            throw new ToolException($"the arguments are not valid JSON: {ex.Message}");
        }
    }

    public string String(string name) =>
        OptionalString(name) ?? throw new ToolException($"missing required argument '{name}'");

    /// <summary>A string that may be empty (a <c>new_string</c> that deletes text).</summary>
    public string StringAllowEmpty(string name) =>
        _values.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new ToolException($"missing required argument '{name}' (a string)");

    public string? OptionalString(string name)
    {
        if (!_values.TryGetValue(name, out var v) || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        var text = v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>A list of non-empty strings (a single string counts as a list of one); empty when absent.</summary>
    public IReadOnlyList<string> OptionalStrings(string name)
    {
        if (!_values.TryGetValue(name, out var v) || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            return v.GetString() is { Length: > 0 } one ? [one] : [];
        }

        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new ToolException($"argument '{name}' must be a list of strings");
        }

        return [.. v.EnumerateArray().Select(e => e.GetString()!.Trim()).Where(e => e.Length > 0)];
    }

    public int? OptionalInt(string name)
    {
        if (!_values.TryGetValue(name, out var v) || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n))
        {
            return n;
        }

        if (v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n))
        {
            return n;
        }

        throw new ToolException($"argument '{name}' must be a whole number");
    }

    public bool OptionalBool(string name, bool fallback)
    {
        if (!_values.TryGetValue(name, out var v))
        {
            return fallback;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(v.GetString(), out var b) => b,
            JsonValueKind.Null => fallback,
            _ => throw new ToolException($"argument '{name}' must be true or false"),
        };
    }
}
