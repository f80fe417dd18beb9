using System.Text.Json;
using System.Text.Json.Nodes;
using Errand.Json;

namespace Errand.Secrets;

/// <summary>
/// Redacts a JSON document by what its strings and numbers mean, not by how they happen to be escaped, and keeps it
/// valid JSON. Plain text replacement is not enough here: a writer may escape any character as <c>\uXXXX</c>, and a
/// secret of digits can sit in the document as a number, where a <c>[redacted:…]</c> in its place breaks it.
/// </summary>
internal static class SecretJsonRedaction
{
    public static string Redact(SecretRedactor redactor, string json)
    {
        // Without a backslash every string reads as written, so a document the text search finds nothing in holds
        // no secret in any form (a number's digits are text too).
        if (!json.Contains('\\', StringComparison.Ordinal) && !redactor.ContainsSecret(json))
        {
            return json;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return redactor.Redact(json); // not JSON after all: treat it as text
        }

        var changed = false;
        var redacted = Walk(root);
        return changed ? redacted?.ToJsonString(ErrandJson.Options) ?? "null" : json;

        string Text(string text)
        {
            var result = redactor.Redact(text);
            changed |= !ReferenceEquals(result, text);
            return result;
        }

        JsonNode? Walk(JsonNode? node) => node switch
        {
            null => null,
            JsonObject obj => Object(obj),
            JsonArray array => new JsonArray([.. array.Select(Walk)]),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(Text(value.GetValue<string>())),
            _ => Scalar(node.ToJsonString()),
        };

        JsonObject Object(JsonObject obj)
        {
            var copy = new JsonObject();
            foreach (var (key, value) in obj)
            {
                // Two names that redact to the same name keep the last value rather than failing the write.
                copy[Text(key)] = Walk(value);
            }

            return copy;
        }

        JsonNode Scalar(string text)
        {
            var result = Text(text);
            return ReferenceEquals(result, text) ? JsonNode.Parse(text)! : JsonValue.Create(result);
        }
    }
}
