using System.Text.Json;

namespace Errand.Agents.Tests.Support;

/// <summary>One assistant turn a fake model server answers with.</summary>
internal sealed record FakeTurn(string? Text, params FakeCall[] Calls)
{
    /// <summary>The input (prompt) tokens the server reports for this turn; null for the wire's fixed figure.</summary>
    public int? InputTokens { get; init; }

    /// <summary>False: the reply carries no usage at all, as some OpenAI-compatible servers send it (OpenAI wire only).</summary>
    public bool ReportsUsage { get; init; } = true;

    public static FakeTurn Call(string name, object args) => new(null, new FakeCall(name, JsonSerializer.Serialize(args)));
}
