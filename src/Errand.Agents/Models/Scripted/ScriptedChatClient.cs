using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Models.Scripted;

/// <summary>
/// A model that replays a script. Which turn to give is read from the conversation itself (the call ids it handed
/// out say which turn they came from), never from a counter of its own: a run resumed from a checkpoint, in another
/// process, gets the same next turn as the one that died would have.
/// </summary>
internal sealed class ScriptedChatClient(IReadOnlyList<ScriptedTurn> turns, string source) : IChatClient
{
    private const string IdPrefix = "scripted-";

    private string ModelId => $"scripted/{Path.GetFileName(source)}";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var history = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var index = NextTurn(history);
        if (index >= turns.Count)
        {
            throw new InvalidOperationException($"scripted model: the script {source} has {turns.Count} turns and the agent asked for turn {index + 1}");
        }

        var turn = turns[index];
        CheckExpectation(turn, index, history);
        var contents = new List<AIContent>();
        if (turn.Text.Length > 0)
        {
            contents.Add(new TextContent(turn.Text));
        }

        for (var i = 0; i < turn.ToolCalls.Count; i++)
        {
            var call = turn.ToolCalls[i];
            var args = JsonSerializer.Deserialize<Dictionary<string, object?>>(call.ArgumentsJson) ?? [];
            contents.Add(new FunctionCallContent($"{IdPrefix}{index + 1}-{i + 1}", call.Name, args));
        }

        var reply = new ChatMessage(ChatRole.Assistant, contents);
        var response = new ChatResponse(reply) { ModelId = ModelId, FinishReason = turn.ToolCalls.Count > 0 ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop };
        response.Usage = new UsageDetails
        {
            InputTokenCount = turn.InputTokens ?? TurnCost.Estimate(history),
            OutputTokenCount = turn.OutputTokens ?? TurnCost.Estimate([reply]),
        };
        if (turn.CostUsd is { } cost)
        {
            response.AdditionalProperties = new AdditionalPropertiesDictionary { [TurnCost.CostProperty] = cost };
        }

        return Task.FromResult(response);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    // The metadata names the provider and model on the OpenTelemetry layer's spans, as the real clients' do.
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, ModelId)
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    /// <summary>The turn after the newest one whose call ids carry a turn number, counting text-only turns since.</summary>
    private static int NextTurn(IReadOnlyList<ChatMessage> history)
    {
        var textOnlySince = 0;
        for (var m = history.Count - 1; m >= 0; m--)
        {
            if (history[m].Role != ChatRole.Assistant)
            {
                continue;
            }

            var id = history[m].Contents.OfType<FunctionCallContent>().Select(c => c.CallId).FirstOrDefault(c => c.StartsWith(IdPrefix, StringComparison.Ordinal));
            if (id is not null && int.TryParse(id.AsSpan(IdPrefix.Length, id.IndexOf('-', IdPrefix.Length) - IdPrefix.Length), out var turn))
            {
                return turn + textOnlySince;
            }

            textOnlySince++;
        }

        return textOnlySince;
    }

    private void CheckExpectation(ScriptedTurn turn, int index, IReadOnlyList<ChatMessage> history)
    {
        if (turn.Expect is null)
        {
            return;
        }

        // The newest message is the tool results of the last turn, or a user message (verify feedback, a nudge).
        var last = history.Count == 0 ? [] : history[^1].Contents
            .Select(c => c switch { FunctionResultContent r => r.Result?.ToString(), TextContent t => t.Text, _ => null })
            .OfType<string>()
            .ToList();
        if (!last.Any(r => r.Contains(turn.Expect, StringComparison.Ordinal)))
        {
            var got = last.Count == 0 ? "nothing" : string.Join("\n---\n", last);
            throw new InvalidOperationException(
                $"scripted model: turn {index + 1} ({source}:{turn.Line}) expected the last tool result or message to contain '{turn.Expect}', but got: {Clip(got)}");
        }
    }

    private static string Clip(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
