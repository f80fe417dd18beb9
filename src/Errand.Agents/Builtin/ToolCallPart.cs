using System.Text.Json.Serialization;

namespace Errand.Agents.Builtin;

/// <summary>The model asked for a tool.</summary>
/// <param name="CallId">The provider's id, echoed in the result.</param>
/// <param name="Name">The tool.</param>
/// <param name="ArgumentsJson">The arguments, a JSON object, kept as text so it reads back exactly.</param>
internal sealed record ToolCallPart(string CallId, string Name, string ArgumentsJson) : ConversationPart
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override int Size => Name.Length + ArgumentsJson.Length;
}
