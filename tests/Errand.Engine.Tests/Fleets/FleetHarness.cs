using Errand.Agents.Builtin;
using Errand.Agents.Command;
using Errand.Agents.Models;
using Errand.Engine.Runtime;
using Errand.Engine.Tasks;
using Errand.Engine.Workers;
using Errand.Fleets;
using Errand.Journal;
using Errand.Sandboxing.None;
using Errand.Specs;
using Errand.Storage;
using Errand.Storage.Postgres;
using Errand.Storage.Sqlite;
using Errand.Tests.Shared;
using Errand.Tests.Shared.Postgres;
using Errand.Workspaces;

namespace Errand.Engine.Tests.Fleets;

/// <summary>A real store (a SQLite file, or a schema on the test PostgreSQL cluster), a real git repository, and workers running the command agent.</summary>
internal sealed class FleetHarness : IAsyncDisposable
{
    private readonly List<Worker> _workers = [];
    private readonly string? _schema;

    private FleetHarness(TempGitRepo repo, IErrandStore store, string? schema)
    {
        Repo = repo;
        Store = store;
        _schema = schema;
        Transitions = new TaskTransitions(store);
    }

    public TempGitRepo Repo { get; }

    public IErrandStore Store { get; }

    public TaskTransitions Transitions { get; }

    /// <summary>How the builtin agent reaches models (a fake model server's address, for the tests that use one).</summary>
    public ModelOptions Models { get; set; } = new();

    public static async Task<FleetHarness> CreateAsync(bool postgres)
    {
        var repo = new TempGitRepo();
        repo.WriteFile("README.md", "fleet test\n");
        repo.Commit("initial");
        Directory.CreateDirectory(repo.DataDir);
        if (!postgres)
        {
            var sqlite = await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = Path.Combine(repo.DataDir, "errand.db") }, CancellationToken.None);
            return new FleetHarness(repo, sqlite, null);
        }

        var (schema, connection) = await PostgresServer.CreateSchemaAsync();
        var store = await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connection }, CancellationToken.None);
        return new FleetHarness(repo, store, schema);
    }

    public EngineServices Services() => new(
        Store,
        new GitWorkspaceProvider(new GitWorkspaceOptions { Root = Repo.DataDir }),
        [new NoneSandboxProvider(TimeProvider.System)],
        [new CommandAgentRuntime(), new BuiltinAgentRuntime(new ChatClientFactory(Models))]);

    public void StartWorkers(int count, int concurrency, TimeSpan? lease = null)
    {
        for (var i = 0; i < count; i++)
        {
            var worker = new Worker(Services(), new WorkerOptions
            {
                WorkerId = $"fleet-w{i}",
                Concurrency = concurrency,
                PollInterval = TimeSpan.FromMilliseconds(100),
                Scheduler = null,
                LeaseDuration = lease ?? TimeSpan.FromSeconds(15),
            });
            worker.Start();
            _workers.Add(worker);
        }
    }

    /// <summary>A command-agent template in the none sandbox, over this harness's repository.</summary>
    public TaskSpec Template(string title, string command, FleetSpec fleet, params string[] verify) => new()
    {
        Title = title,
        Repo = Repo.RepoPath,
        Agent = AgentNames.Command,
        Command = command,
        Verify = new VerifySpec { Checks = [.. verify.Select((v, i) => new CheckSpec($"check{i + 1}", v))] },
        Sandbox = new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true },
        Fleet = fleet,
    };

    /// <summary>Waits (on the store, polling) until the fleet has finished, and returns it.</summary>
    public async Task<FleetRecord> WaitForFleetAsync(long fleetId, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var fleet = (await Store.GetFleetAsync(fleetId, CancellationToken.None))!;
            if (fleet.State.IsFinished())
            {
                return fleet;
            }

            try
            {
                await Store.WaitForWorkAsync(TimeSpan.FromMilliseconds(100), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"fleet {fleetId} is still {fleet.State.ToWireName()}: {fleet.Counts}");
            }
        }
    }

    public async Task<IReadOnlyList<JournalEvent>> JournalAsync(long taskId) => await Store.ReadAsync(taskId, 0, 100_000, CancellationToken.None);

    public async Task StopWorkersAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        _workers.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkersAsync();
        await Store.DisposeAsync();
        if (_schema is not null)
        {
            await PostgresServer.DropSchemaAsync(_schema);
        }

        Repo.Dispose();
    }
}
