using System.Text.Json.Serialization;

namespace Errand.Agents.Builtin;

/// <summary>What a tool returned, as the model will read it.</summary>
/// <param name="CallId">The call it answers.</param>
/// <param name="Name">The tool.</param>
/// <param name="Text">The result; errors are results too.</param>
internal sealed record ToolResultPart(string CallId, string Name, string Text) : ConversationPart
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override int Size => Text.Length;
}
