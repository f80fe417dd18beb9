using System.Text.Json.Serialization;

namespace Errand.Agents.Builtin;

/// <summary>One message of the stored conversation.</summary>
/// <param name="Role">system, user, assistant or tool.</param>
/// <param name="Parts">Its content, in order.</param>
internal sealed record ConversationMessage(string Role, IReadOnlyList<ConversationPart> Parts)
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";

    // The three below are derived from the parts: a checkpoint stores the parts once, not each call and text twice.

    /// <summary>Characters the message adds to the context.</summary>
    [JsonIgnore]
    public int Size => Parts.Sum(p => p.Size);

    /// <summary>The tool calls it makes.</summary>
    [JsonIgnore]
    public IEnumerable<ToolCallPart> Calls => Parts.OfType<ToolCallPart>();

    /// <summary>Its text parts joined.</summary>
    [JsonIgnore]
    public string Text => string.Join("\n", Parts.OfType<TextPart>().Select(t => t.Text));

    public static ConversationMessage FromUser(string text) => new(User, [new TextPart(text)]);
}
