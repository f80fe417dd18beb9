using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Models;

/// <summary>Tokens and cost of one model turn, as the provider reported them or as the price table gives them.</summary>
internal static class TurnCost
{
    /// <summary>
    /// The <see cref="ChatResponse.AdditionalProperties"/> key a client sets when the provider reported the turn's cost
    /// in US dollars; that figure wins over the price table.
    /// </summary>
    public const string CostProperty = "cost_usd";

    /// <summary>Input and output tokens; estimated at four characters a token when the provider reports none.</summary>
    public static (long Input, long Output) Tokens(ChatResponse response, IEnumerable<ChatMessage> sent)
    {
        var input = response.Usage?.InputTokenCount ?? Estimate(sent);
        var output = response.Usage?.OutputTokenCount ?? Estimate(response.Messages);
        return (input, output);
    }

    /// <summary>The provider's own figure when it gave one, else the configured price, else null.</summary>
    public static decimal? Cost(ChatResponse response, ModelPrice? price, long input, long output)
    {
        if (response.AdditionalProperties?.TryGetValue(CostProperty, out var reported) == true && AsDecimal(reported) is { } cost)
        {
            return cost;
        }

        return price?.Cost(input, output);
    }

    /// <summary>About four characters a token: close enough for budgets when a provider reports no usage.</summary>
    public static long Estimate(IEnumerable<ChatMessage> messages)
    {
        long chars = 0;
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                chars += content switch
                {
                    TextContent text => text.Text.Length,
                    FunctionCallContent call => call.Name.Length + JsonSerializer.Serialize(call.Arguments).Length,
                    FunctionResultContent result => result.Result?.ToString()?.Length ?? 0,
                    _ => 0,
                };
            }
        }

        return (chars + 3) / 4;
    }

    private static decimal? AsDecimal(object? value) => value switch
    {
        decimal d => d,
        double d => (decimal)d,
        float f => (decimal)f,
        long l => l,
        int i => i,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDecimal(),
        string s when decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
