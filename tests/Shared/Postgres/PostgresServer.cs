using System.Diagnostics;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Errand.Tests.Shared.Postgres;

/// <summary>
/// The PostgreSQL server the tests of one run share: <c>ERRAND_TEST_POSTGRES</c> (a connection string to a server
/// where databases may be created) when set, otherwise a throwaway cluster this class starts itself through
/// <c>scripts/postgres-test-cluster.sh</c> (once per machine; it is left running for the next test process). Each
/// test gets a schema of its own in one test database. A missing PostgreSQL fails the tests: they are never skipped.
/// </summary>
internal static class PostgresServer
{
    private const string TestDatabaseName = "errand_tests";

    private static readonly Lazy<Task<string>> Admin = new(StartAsync);
    private static readonly Lazy<Task<string>> TestDatabase = new(CreateTestDatabaseAsync);

    /// <summary>A connection string to the server's maintenance database.</summary>
    public static Task<string> AdminConnectionStringAsync() => Admin.Value;

    /// <summary>
    /// A fresh, empty place for one test's store: a schema of its own in the shared test database, named by the
    /// connection string's search path (the store keeps its tables and its notification channels per schema), and
    /// the application name the test can find its connections by. Far cheaper than a database per test.
    /// </summary>
    public static async Task<(string Name, string ConnectionString)> CreateSchemaAsync()
    {
        var database = await TestDatabase.Value;
        var name = "errand_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(database, $"CREATE SCHEMA {name}");
        var builder = new NpgsqlConnectionStringBuilder(database) { SearchPath = name, ApplicationName = name };
        return (name, builder.ConnectionString);
    }

    /// <summary>Drops a test's schema with everything in it.</summary>
    public static async Task DropSchemaAsync(string name) =>
        await ExecuteAsync(await TestDatabase.Value, $"DROP SCHEMA IF EXISTS {name} CASCADE");

    /// <summary>Runs one statement on its own unpooled connection.</summary>
    public static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Runs the cluster script with <paramref name="environment"/>; returns its output, or throws with its errors.</summary>
    public static async Task<string> RunScriptAsync(string verb, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(ScriptPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(verb);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"postgres-test-cluster.sh {verb} failed ({process.ExitCode}): {await errors}. Install PostgreSQL " +
                "(scripts/install-test-deps.sh does) or set ERRAND_TEST_POSTGRES to a server's connection string.");
        }

        return (await output).Trim();
    }

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("ERRAND_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        // Tests never need a crash to keep their data, so the shared cluster trades fsync for speed.
        return await RunScriptAsync("start", new Dictionary<string, string> { ["ERRAND_PG_FSYNC"] = "off" });
    }

    private static async Task<string> CreateTestDatabaseAsync()
    {
        var admin = await AdminConnectionStringAsync();
        try
        {
            await ExecuteAsync(admin, $"CREATE DATABASE {TestDatabaseName}");
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Made by an earlier run, or by another test process just now.
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = TestDatabaseName }.ConnectionString;
    }

    private static string ScriptPath([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "scripts", "postgres-test-cluster.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new InvalidOperationException("cannot find scripts/postgres-test-cluster.sh above " + sourceFile);
    }
}
