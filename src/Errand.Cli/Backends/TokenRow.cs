namespace Errand.Cli.Backends;

/// <summary>An API token as <c>errand token ls</c> shows it (never the token itself).</summary>
internal sealed record TokenRow(string Name, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
