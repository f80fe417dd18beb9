using Errand.Storage.Sqlite.Connections;
using Errand.Tokens;

namespace Errand.Storage.Sqlite.Rows;

/// <summary>The api_tokens table's columns and how a row becomes an <see cref="ApiTokenRecord"/>.</summary>
internal static class TokenRows
{
    public const string Columns = "id, name, scope, hash, created_at, revoked_at";

    public const string SelectById = $"SELECT {Columns} FROM api_tokens WHERE id = $id";

    public const string SelectValidByHash = $"SELECT {Columns} FROM api_tokens WHERE hash = $hash AND revoked_at IS NULL";

    public const string SelectAll = $"SELECT {Columns} FROM api_tokens ORDER BY name";

    public static ApiTokenRecord Read(StatementRows row) => new()
    {
        Id = row.GetInt64(0),
        Name = row.GetString(1),
        Scope = TokenScopes.Parse(row.GetString(2)),
        Hash = row.GetString(3),
        CreatedAt = UnixTime.FromMicros(row.GetInt64(4)),
        RevokedAt = row.IsDBNull(5) ? null : UnixTime.FromMicros(row.GetInt64(5)),
    };

    public static ApiTokenRecord? Single(Statement query)
    {
        using var rows = query.ExecuteReader();
        return rows.Read() ? Read(rows) : null;
    }
}
