namespace Errand.Storage.Postgres;

/// <summary>The dashboard's data protection key ring.</summary>
public sealed partial class PostgresStore
{
    private const string SelectKeyRing = "SELECT xml FROM key_ring ORDER BY id";
    private const string InsertKeyRing = "INSERT INTO key_ring (name, xml, created_at) VALUES ($1, $2, $3)";

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListKeyRingAsync(CancellationToken cancellationToken) =>
        RetryingAsync<IReadOnlyList<string>>(async (connection, ct) =>
        {
            await using var command = Command(connection, SelectKeyRing);
            await using var rows = await command.ExecuteReaderAsync(ct);
            var elements = new List<string>();
            while (await rows.ReadAsync(ct))
            {
                elements.Add(rows.GetString(0));
            }

            return elements;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task AddToKeyRingAsync(string name, string xml, CancellationToken cancellationToken)
    {
        KeyRingElements.Check(name, xml);

        // Run once: a repeat after a lost answer would add the same key twice.
        return OnceAsync(async (connection, ct) =>
        {
            await using var command = Command(connection, InsertKeyRing, name, xml, Now());
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
    }
}
