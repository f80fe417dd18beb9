using System.Globalization;
using Errand.Cli.Tests.Support;
using Errand.Journal;
using Errand.Storage;
using Errand.Storage.Postgres;
using Errand.Tasks;
using Errand.Tests.Shared;
using Errand.Tests.Shared.Postgres;
using Npgsql;

namespace Errand.Cli.Tests.Durability;

/// <summary>
/// Real processes on one PostgreSQL database: `errand submit` and two `errand worker` processes, one given the database
/// by --store, the other by ERRAND_STORE. Every task is finished exactly once, the workers are woken by the submitter's
/// commits (their poll is far longer than the test), and the password in the connection never reaches their output.
/// </summary>
public sealed class PostgresWorkersTests : IAsyncDisposable
{
    private const int Tasks = 4;
    private const string Password = "hunter2-never-printed";

    // Cold `dotnet errand.dll` starts (two workers, a submit per task) on a loaded 2-core machine.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private string? _schema;

    public async ValueTask DisposeAsync()
    {
        if (_schema is not null)
        {
            await PostgresServer.DropSchemaAsync(_schema);
        }
    }

    [Fact]
    public async Task SubmitAndTwoWorkers_OneDatabase_EachTaskFinishedOnceWithoutPolling()
    {
        using var repo = new TempGitRepo();
        repo.WriteFile("README.md", "shared database\n");
        repo.Commit("initial");
        var spec = repo.WriteSpec("write.md", """
            title: Write a file
            agent: command
            command: echo "done by $ERRAND_TASK_ID" > out.txt
            verify: [test -f out.txt]
            sandbox: { backend: none }
            """);
        (_schema, var connection) = await PostgresServer.CreateSchemaAsync();
        // Trust authentication ignores the password; it is there to prove it is never printed.
        var store = new NpgsqlConnectionStringBuilder(connection) { Password = Password }.ConnectionString;
        await using var probe = await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = store }, CancellationToken.None);

        await using var first = ErrandProcess.Start(repo.DataDir, repo.Root,
            "worker", "--store", store, "--id", "pg-a", "--poll", "10m", "--concurrency", "2");
        await using var second = ErrandProcess.Start(repo.DataDir, repo.Root, new Dictionary<string, string> { ["ERRAND_STORE"] = store },
            "worker", "--id", "pg-b", "--poll", "10m", "--concurrency", "2");
        var submitted = new List<long>();
        for (var i = 0; i < Tasks; i++)
        {
            var (code, stdout, all) = await ErrandProcess.RunCapturedAsync(repo.DataDir, repo.Root, Timeout, "submit", "--store", store, spec);
            Assert.True(code == 0, all);
            Assert.DoesNotContain(Password, all, StringComparison.Ordinal);
            submitted.Add(long.Parse(stdout.Trim().Split('\n')[^1], CultureInfo.InvariantCulture));
        }

        foreach (var id in submitted)
        {
            var done = await WaitUntilEndedAsync(probe, id);
            Assert.True(done.State == TaskState.Succeeded, $"#{id}: {done.State.ToWireName()} ({done.Reason})\n{first.Output}\n{second.Output}");
            var journal = await probe.ReadAsync(id, 0, 10_000, CancellationToken.None);
            Assert.Single(journal, e => e.Kind == JournalKinds.Claimed);
            Assert.Single(journal, e => e.Kind == JournalKinds.State && e.Message.Contains("succeeded", StringComparison.Ordinal));
        }

        Assert.Equal(submitted.Order(), (await probe.ListAsync(new TaskQuery { Limit = 100 }, CancellationToken.None)).Select(t => t.Id).Order());
        Assert.DoesNotContain(Password, first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, second.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(repo.DataDir, "errand.db")), "nothing went to the SQLite default");
    }

    [Theory]
    [InlineData("Host=db;Password=hunter2-never-printed;Bogus=1")]
    [InlineData("postgres://u:hunter2-never-printed@db/d?bogus=1")]
    [InlineData("mysql://u:hunter2-never-printed@db/d")]
    public async Task Store_Unusable_RefusedWithoutRepeatingIt(string store)
    {
        using var repo = new TempGitRepo();

        var (code, all) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "ls", "--store", store);

        Assert.Equal(2, code);
        Assert.Contains("--store", all, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, all, StringComparison.Ordinal);
    }

    // The writers are other processes: a store of this process is not told when a task ends, so this polls.
    private static async Task<TaskRecord> WaitUntilEndedAsync(PostgresStore probe, long id)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var task = (await probe.GetAsync(id, CancellationToken.None))!;
            if (task.State.IsTerminal())
            {
                return task;
            }

            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"task {id} did not end within {Timeout}; it is {task.State.ToWireName()}");
            }
        }
    }
}
