namespace Errand.Tokens;

/// <summary>An API token as stored: never the token itself, only its hash (see <see cref="ApiTokens"/>).</summary>
public sealed record ApiTokenRecord
{
    /// <summary>The store's id.</summary>
    public required long Id { get; init; }

    /// <summary>The unique name it was created with.</summary>
    public required string Name { get; init; }

    /// <summary>What it may do.</summary>
    public required TokenScope Scope { get; init; }

    /// <summary>SHA-256 of the token, lowercase hex.</summary>
    public required string Hash { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was revoked, or null while it is valid.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}
