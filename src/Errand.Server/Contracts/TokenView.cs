using Errand.Tokens;

namespace Errand.Server.Contracts;

/// <summary>A token as listed: never the token or its hash.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Scope">What it may do.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
internal sealed record TokenView(string Name, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static TokenView From(ApiTokenRecord record) => new(record.Name, record.Scope.ToWireName(), record.CreatedAt, record.RevokedAt);
}
