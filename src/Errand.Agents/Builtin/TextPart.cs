using System.Text.Json.Serialization;

namespace Errand.Agents.Builtin;

/// <summary>Text said by a participant.</summary>
/// <param name="Text">The text.</param>
internal sealed record TextPart(string Text) : ConversationPart
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override int Size => Text.Length;
}
