using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Builtin;

/// <summary>Turns the stored conversation into <see cref="ChatMessage"/>s for a model call, and a model's reply back.</summary>
internal static class ConversationMapper
{
    public static List<ChatMessage> ToChat(IEnumerable<ConversationMessage> messages) => [.. messages.Select(ToChat)];

    public static ChatMessage ToChat(ConversationMessage message)
    {
        var role = message.Role switch
        {
            ConversationMessage.System => ChatRole.System,
            ConversationMessage.Assistant => ChatRole.Assistant,
            ConversationMessage.Tool => ChatRole.Tool,
            _ => ChatRole.User,
        };
        return new ChatMessage(role, [.. message.Parts.Select(ToContent)]);
    }

    /// <summary>
    /// The reply as one assistant message. Calls without an id (some OpenAI-compatible servers omit it) get one made
    /// from the step, so a result can always be matched to its call.
    /// </summary>
    public static ConversationMessage FromResponse(ChatResponse response, int step)
    {
        var parts = new List<ConversationPart>();
        var calls = 0;
        foreach (var content in response.Messages.SelectMany(m => m.Contents))
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } text:
                    parts.Add(new TextPart(text.Text));
                    break;
                case FunctionCallContent call:
                    calls++;
                    var id = string.IsNullOrEmpty(call.CallId) ? string.Create(CultureInfo.InvariantCulture, $"call-{step}-{calls}") : call.CallId;
                    parts.Add(new ToolCallPart(id, call.Name, ArgumentsJson(call)));
                    break;
            }
        }

        return new ConversationMessage(ConversationMessage.Assistant, parts);
    }

    private static string ArgumentsJson(FunctionCallContent call)
    {
        if (call.Exception is not null)
        {
            // The provider sent arguments that are not JSON; the tool will say so, and the model can try again.
            return JsonSerializer.Serialize(new Dictionary<string, string> { ["_unparsable_arguments"] = call.Exception.Message });
        }

        return JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>());
    }

    private static AIContent ToContent(ConversationPart part) => part switch
    {
        TextPart text => new TextContent(text.Text),
        ToolCallPart call => new FunctionCallContent(call.CallId, call.Name, ParseArguments(call.ArgumentsJson)),
        ToolResultPart result => new FunctionResultContent(result.CallId, result.Text),
        _ => throw new InvalidOperationException($"unknown conversation part {part.GetType().Name}"),
    };

    private static Dictionary<string, object?> ParseArguments(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, object?>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
