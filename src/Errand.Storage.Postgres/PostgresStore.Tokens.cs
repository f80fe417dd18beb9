using Errand.Storage.Postgres.Rows;
using Errand.Tokens;

namespace Errand.Storage.Postgres;

/// <summary>API tokens, by hash.</summary>
public sealed partial class PostgresStore
{
    /// <inheritdoc/>
    public async Task<ApiTokenRecord?> AddTokenAsync(NewApiToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        token.Validate();

        // Not repeated after a lost answer: a second try would find the name taken and report it so.
        var added = await OnceAsync((connection, ct) =>
            ScheduleRows.AllAsync(Command(connection, TokenRows.Insert, token.Name, token.Scope.ToWireName(), token.Hash, Now()), TokenRows.Read, ct),
            cancellationToken);
        return added.SingleOrDefault();
    }

    /// <inheritdoc/>
    public async Task<ApiTokenRecord?> FindTokenAsync(string hash, CancellationToken cancellationToken) =>
        (await RetryingAsync((connection, ct) =>
            ScheduleRows.AllAsync(Command(connection, TokenRows.SelectValidByHash, hash), TokenRows.Read, ct), cancellationToken)).SingleOrDefault();

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(CancellationToken cancellationToken) =>
        await RetryingAsync((connection, ct) => ScheduleRows.AllAsync(Command(connection, TokenRows.SelectAll), TokenRows.Read, ct), cancellationToken);

    /// <inheritdoc/>
    public Task<bool> RevokeTokenAsync(string name, CancellationToken cancellationToken) =>
        // Run once: a repeat after a lost answer would find it revoked already and report false for a revocation that happened.
        OnceAsync(async (connection, ct) =>
        {
            await using var command = Command(connection, TokenRows.Revoke, name, Now());
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, cancellationToken);
}
