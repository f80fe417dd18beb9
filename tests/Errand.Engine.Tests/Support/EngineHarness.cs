using Errand.Agents;
using Errand.Agents.Command;
using Errand.Engine.Runtime;
using Errand.Engine.Secrets;
using Errand.Engine.Tasks;
using Errand.Engine.Workers;
using Errand.Journal;
using Errand.Sandboxing.Bubblewrap;
using Errand.Sandboxing.None;
using Errand.Specs;
using Errand.Storage.Sqlite;
using Errand.Tasks;
using Errand.Telemetry;
using Errand.Tests.Shared;
using Errand.Workspaces;

namespace Errand.Engine.Tests.Support;

/// <summary>A real SQLite store, a real git repository and the real command agent and none sandbox, in a temp directory.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly List<Worker> _workers = [];

    private EngineHarness(TempGitRepo repo, SqliteStore store, string installation, TimeProvider time)
    {
        Repo = repo;
        Store = store;
        Installation = installation;
        Time = time;
        Transitions = new TaskTransitions(store);
    }

    public TempGitRepo Repo { get; }

    public SqliteStore Store { get; }

    /// <summary>The store's installation id (its prefix on the shared remote).</summary>
    public string Installation { get; }

    public TimeProvider Time { get; }

    public TaskTransitions Transitions { get; }

    public List<IAgentRuntime> ExtraAgents { get; } = [];

    public BubblewrapOptions Bubblewrap { get; set; } = new();

    public ISecretSource? Secrets { get; set; }

    /// <summary>The workers' instruments; a test listening to metrics gives a meter of its own.</summary>
    public ErrandMetrics Metrics { get; set; } = ErrandMetrics.Shared;

    /// <summary>The git remote shared with other hosts (<see cref="GitWorkspaceOptions.SharedRemote"/>), or null.</summary>
    public string? SharedRemote { get; set; }

    public static async Task<EngineHarness> CreateAsync(TimeProvider? time = null)
    {
        var repo = new TempGitRepo();
        repo.WriteFile("greet.sh", "#!/bin/sh\necho \"Helo, world!\"\n");
        repo.WriteFile("tests/greet_test.sh", "test \"$(sh greet.sh)\" = \"Hello, world!\"\n");
        repo.Commit("initial");
        Directory.CreateDirectory(repo.DataDir);
        time ??= TimeProvider.System;
        var store = await SqliteStore.OpenAsync(
            new SqliteStoreOptions { Path = Path.Combine(repo.DataDir, "errand.db"), TimeProvider = time }, CancellationToken.None);
        return new EngineHarness(repo, store, await store.InstallationIdAsync(CancellationToken.None), time);
    }

    public EngineServices Services() => new(
        Store,
        new GitWorkspaceProvider(new GitWorkspaceOptions { Root = Repo.DataDir, SharedRemote = SharedRemote, InstallationId = Installation }),
        [new BubblewrapSandboxProvider(Bubblewrap with { TimeProvider = Time }), new NoneSandboxProvider(Time)],
        [new CommandAgentRuntime(), .. ExtraAgents])
    {
        Installation = Installation,
        Time = Time,
        Secrets = Secrets,
        Metrics = Metrics,
    };

    public Worker StartWorker(WorkerOptions? options = null)
    {
        var worker = new Worker(Services(), options ?? new WorkerOptions { Concurrency = 2, PollInterval = TimeSpan.FromMilliseconds(100) });
        worker.Start();
        _workers.Add(worker);
        return worker;
    }

    /// <summary>
    /// Stops every worker, waiting for their attempts to clean up: a task is ended in the store before its worker has
    /// unmounted its workspace and released its locks, so a test reading the data directory waits for this first.
    /// </summary>
    public async Task StopWorkersAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        _workers.Clear();
    }

    /// <summary>A real secret store with these secrets, its key outside the data directory as it is for real.</summary>
    public async Task<SecretStore> SecretsWithAsync(params (string Name, string Value)[] secrets)
    {
        var store = new SecretStore(Repo.DataDir, new SecretStoreOptions { KeyFile = Path.Combine(Repo.Root, "keys", "secret.key") });
        foreach (var (name, value) in secrets)
        {
            await store.SetAsync(name, value);
        }

        return store;
    }

    public static TaskSpec CommandSpec(string command, params string[] verify) => new()
    {
        Title = "Fix the greeting",
        Agent = AgentNames.Command,
        Command = command,
        Verify = new VerifySpec { Checks = [.. verify.Select((v, i) => new CheckSpec($"check{i + 1}", v))] },
        Sandbox = new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true },
    };

    public async Task<TaskRecord> SubmitAsync(TaskSpec spec)
    {
        spec = spec.Repo is null && spec.Agent != "scratch" ? spec with { Repo = Repo.RepoPath } : spec;
        return await Transitions.SubmitAsync(new NewTask(spec.Title, TaskSpecJson.Serialize(spec)), CancellationToken.None);
    }

    public async Task<TaskRecord> WaitForAsync(long id, Func<TaskRecord, bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var task = (await Store.GetAsync(id, CancellationToken.None))!;
            if (condition(task))
            {
                return task;
            }

            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"task {id} is still {task.State.ToWireName()} ({task.Reason})");
            }
        }
    }

    public Task<TaskRecord> WaitForEndAsync(long id, TimeSpan? timeout = null) => WaitForAsync(id, t => t.State.IsTerminal(), timeout);

    public async Task<IReadOnlyList<JournalEvent>> JournalAsync(long id) => await Store.ReadAsync(id, 0, 100_000, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await Store.DisposeAsync();
        Repo.Dispose();
    }
}
