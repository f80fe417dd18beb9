namespace Errand.Storage.Sqlite;

/// <summary>The installation id, made by the schema migration.</summary>
public sealed partial class SqliteStore
{
    private const string SelectInstallation = "SELECT id FROM installation WHERE singleton = 1";

    /// <inheritdoc/>
    public Task<string> InstallationIdAsync(CancellationToken cancellationToken) =>
        ReadAsync(reader =>
        {
            using var rows = reader.Get(SelectInstallation).ExecuteReader();
            return rows.Read() ? rows.GetString(0) : throw new InvalidOperationException("the database has no installation id (its schema is incomplete)");
        }, cancellationToken);
}
