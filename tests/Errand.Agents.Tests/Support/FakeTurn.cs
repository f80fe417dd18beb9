using System.Text.Json;

namespace Errand.Agents.Tests.Support;

/// <summary>One assistant turn a fake model server answers with.</summary>
internal sealed record FakeTurn(string? Text, params FakeCall[] Calls)
{
    public static FakeTurn Call(string name, object args) => new(null, new FakeCall(name, JsonSerializer.Serialize(args)));
}
