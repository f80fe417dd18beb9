using Errand.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Errand.Storage.Tests.Sqlite;

/// <summary>A database file in its own temp directory, removed when the test ends.</summary>
internal sealed class SqliteTestDatabase : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("errand-store-test-");

    public string Path => System.IO.Path.Combine(_directory.FullName, "errand.db");

    public async Task<IErrandStore> OpenAsync(TimeProvider time) =>
        await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = Path, TimeProvider = time }, TestContext.Current.CancellationToken);

    /// <summary>A plain connection to the file, as another program would open it.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Execute(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
