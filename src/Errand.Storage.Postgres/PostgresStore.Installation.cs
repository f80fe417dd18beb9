namespace Errand.Storage.Postgres;

/// <summary>The installation id, made by the schema migration.</summary>
public sealed partial class PostgresStore
{
    private const string SelectInstallation = "SELECT id FROM installation WHERE singleton = 1";

    /// <inheritdoc/>
    public Task<string> InstallationIdAsync(CancellationToken cancellationToken) =>
        RetryingAsync(async (connection, ct) =>
        {
            await using var command = Command(connection, SelectInstallation);
            return await command.ExecuteScalarAsync(ct) as string
                ?? throw new InvalidOperationException("the database has no installation id (its schema is incomplete)");
        }, cancellationToken);
}
