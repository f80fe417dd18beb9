namespace Errand.Agents.Tests.Support;

/// <summary>A tool call in a <see cref="FakeTurn"/>.</summary>
internal sealed record FakeCall(string Name, string ArgumentsJson);
