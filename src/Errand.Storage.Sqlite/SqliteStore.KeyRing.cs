using Errand.Storage.Sqlite.Operations;

namespace Errand.Storage.Sqlite;

/// <summary>The dashboard's data protection key ring.</summary>
public sealed partial class SqliteStore
{
    private const string SelectKeyRing = "SELECT xml FROM key_ring ORDER BY id";

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListKeyRingAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(reader =>
        {
            var elements = new List<string>();
            using var rows = reader.Get(SelectKeyRing).ExecuteReader();
            while (rows.Read())
            {
                elements.Add(rows.GetString(0));
            }

            return elements;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task AddToKeyRingAsync(string name, string xml, CancellationToken cancellationToken)
    {
        KeyRingElements.Check(name, xml);
        return _writer.SubmitAsync(new AddKeyRingOp(name, xml, cancellationToken));
    }
}
