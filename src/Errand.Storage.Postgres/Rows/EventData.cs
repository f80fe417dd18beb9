using System.Text.Encodings.Web;
using System.Text.Json;

namespace Errand.Storage.Postgres.Rows;

/// <summary>The small JSON objects the store puts in its own journal events (anonymous objects, names as written).</summary>
internal static class EventData
{
    // Relaxed escaping keeps reasons readable in the journal; the JSON is never embedded in HTML by the store.
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Of<T>(T value) => JsonSerializer.Serialize(value, Options);
}
