using Errand.Tokens;
using Npgsql;

namespace Errand.Storage.Postgres.Rows;

/// <summary>The api_tokens table's columns and how a row reads back.</summary>
internal static class TokenRows
{
    public const string Columns = "id, name, scope, hash, created_at, revoked_at";

    public const string Insert =
        $"INSERT INTO api_tokens (name, scope, hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING {Columns}";

    public const string SelectValidByHash = $"SELECT {Columns} FROM api_tokens WHERE hash = $1 AND revoked_at IS NULL";

    public const string SelectAll = $"SELECT {Columns} FROM api_tokens ORDER BY name";

    public const string Revoke = "UPDATE api_tokens SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL";

    public static ApiTokenRecord Read(NpgsqlDataReader row) => new()
    {
        Id = row.GetInt64(0),
        Name = row.GetString(1),
        Scope = TokenScopes.Parse(row.GetString(2)),
        Hash = row.GetString(3),
        CreatedAt = row.GetFieldValue<DateTimeOffset>(4),
        RevokedAt = TaskRows.Time(row, 5),
    };
}
