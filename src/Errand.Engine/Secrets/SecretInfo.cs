namespace Errand.Engine.Secrets;

/// <summary>What may be shown about a secret: its name and when it was set. Never its value.</summary>
public sealed record SecretInfo(string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
