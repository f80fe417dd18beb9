using Errand.Telemetry;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Models;

/// <summary>
/// Wraps a chat client in Microsoft.Extensions.AI's OpenTelemetry layer: a <c>chat {model}</c> span per call with the
/// GenAI semantic conventions (operation, provider, request and response model, input and output tokens, finish
/// reasons). SECRETS: sensitive data stays off, so no prompt, reply or tool argument is recorded.
/// </summary>
internal static class ModelTelemetry
{
    public static IChatClient Instrument(IChatClient client) =>
        client.AsBuilder()
            .UseOpenTelemetry(sourceName: ErrandTelemetry.ModelCalls, configure: c => c.EnableSensitiveData = false)
            .Build();
}
