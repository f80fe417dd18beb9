using System.Text.Json.Serialization;

namespace Errand.Agents.Builtin;

/// <summary>
/// One piece of a stored message. Errand keeps its own small shape rather than serializing
/// <c>Microsoft.Extensions.AI</c> content types: a checkpoint must read back the same on another worker and another
/// library version, and tool results must stay plain text whatever the provider.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextPart), "text")]
[JsonDerivedType(typeof(ToolCallPart), "call")]
[JsonDerivedType(typeof(ToolResultPart), "result")]
internal abstract record ConversationPart
{
    /// <summary>Characters this part adds to the context.</summary>
    [JsonIgnore]
    public abstract int Size { get; }
}
