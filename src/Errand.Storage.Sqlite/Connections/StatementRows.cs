namespace Errand.Storage.Sqlite.Connections;

/// <summary>The rows of one execution of a <see cref="Statement"/>; disposing resets the statement for its next use.</summary>
internal readonly struct StatementRows(Statement statement) : IDisposable
{
    public bool Read() => statement.Step();

    public long GetInt64(int column) => statement.Int64(column);

    public int GetInt32(int column) => checked((int)statement.Int64(column));

    public string GetString(int column) => statement.Text(column);

    public bool IsDBNull(int column) => statement.IsNull(column);

    public void Dispose() => statement.Reset();
}
