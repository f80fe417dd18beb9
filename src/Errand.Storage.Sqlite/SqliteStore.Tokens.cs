using Errand.Storage.Sqlite.Operations;
using Errand.Storage.Sqlite.Rows;
using Errand.Tokens;

namespace Errand.Storage.Sqlite;

/// <summary>API tokens, by hash.</summary>
public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    public Task<ApiTokenRecord?> AddTokenAsync(NewApiToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.Validate();
        return _writer.SubmitAsync(new AddTokenOp(token, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<ApiTokenRecord?> FindTokenAsync(string hash, CancellationToken cancellationToken) =>
        ReadAsync(reader => TokenRows.Single(reader.Get(TokenRows.SelectValidByHash).Set("$hash", hash)), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ApiTokenRecord>>(reader =>
        {
            var tokens = new List<ApiTokenRecord>();
            using var rows = reader.Get(TokenRows.SelectAll).ExecuteReader();
            while (rows.Read())
            {
                tokens.Add(TokenRows.Read(rows));
            }

            return tokens;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> RevokeTokenAsync(string name, CancellationToken cancellationToken) =>
        _writer.SubmitAsync(new RevokeTokenOp(name, cancellationToken));
}
