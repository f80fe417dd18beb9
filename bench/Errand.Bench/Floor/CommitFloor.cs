using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Errand.Bench.Floor;

/// <summary>
/// The floor no durable queue can beat: single-row INSERTs, each its own transaction, with the same durability as
/// the stores (SQLite: WAL, synchronous=FULL; PostgreSQL: fsync on, synchronous_commit on), from 1 and from N
/// writers, each on its own connection, for a fixed time. A queued job needs at least one such commit (a no-op
/// job's full lifecycle in Errand writes three operations, batched).
/// </summary>
internal static class CommitFloor
{
    public static async Task<IReadOnlyList<FloorResult>> RunAsync(string postgres, int manyWriters, TimeSpan duration, CancellationToken cancellationToken)
    {
        var results = new List<FloorResult>();
        var dir = Directory.CreateTempSubdirectory("errand-bench-floor-").FullName;
        try
        {
            var path = Path.Combine(dir, "floor.db");
            await using (var setup = await OpenSqliteAsync(path, cancellationToken))
            {
                await ExecuteAsync(setup, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)", cancellationToken);
            }

            await PostgresExecuteAsync(postgres, "DROP TABLE IF EXISTS public.errand_floor; CREATE TABLE public.errand_floor (id bigserial PRIMARY KEY, v text NOT NULL)", cancellationToken);
            foreach (var writers in new[] { 1, manyWriters })
            {
                results.Add(new FloorResult("SQLite", writers, await MeasureAsync(writers, duration, async (stop, count) =>
                {
                    await using var connection = await OpenSqliteAsync(path, cancellationToken);
                    await using var insert = new SqliteCommand("INSERT INTO t (v) VALUES ('x')", connection);
                    while (!stop.IsCancellationRequested)
                    {
                        await insert.ExecuteNonQueryAsync(cancellationToken);
                        count();
                    }
                })));
                results.Add(new FloorResult("PostgreSQL", writers, await MeasureAsync(writers, duration, async (stop, count) =>
                {
                    await using var connection = new NpgsqlConnection(postgres);
                    await connection.OpenAsync(cancellationToken);
                    await using var insert = new NpgsqlCommand("INSERT INTO public.errand_floor (v) VALUES ('x')", connection);
                    while (!stop.IsCancellationRequested)
                    {
                        await insert.ExecuteNonQueryAsync(cancellationToken);
                        count();
                    }
                })));
            }

            await PostgresExecuteAsync(postgres, "DROP TABLE public.errand_floor", cancellationToken);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }

        return results;
    }

    private static async Task<double> MeasureAsync(int writers, TimeSpan duration, Func<CancellationToken, Action, Task> writer)
    {
        long commits = 0;
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() => writer(stop.Token, () => Interlocked.Increment(ref commits)))));
        return Interlocked.Read(ref commits) / clock.Elapsed.TotalSeconds;
    }

    private static async Task<SqliteConnection> OpenSqliteAsync(string path, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000", cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task PostgresExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
