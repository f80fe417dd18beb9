using Errand.Bench.Support;
using Errand.Engine.Runtime;
using Errand.Engine.Workers;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Bench.Peers;

/// <summary>Errand in this process: one worker over a store (SQLite file or PostgreSQL schema), the no-op agent.</summary>
internal sealed class ErrandJobSystem : IJobSystem
{
    private static readonly NewTask NoOp = new("noop", TaskSpecJson.Serialize(
        new TaskSpec { Title = "noop", Agent = "noop", Sandbox = new SandboxSpec { Backend = "null", BackendExplicit = true } }));

    private readonly IErrandStore _store;
    private readonly Worker _worker;

    private ErrandJobSystem(string name, IErrandStore store, int concurrency)
    {
        Name = name;
        _store = store;
        var agent = new RecordingAgent(null, Starts.Started);
        _worker = new Worker(new EngineServices(store, new NullWorkspaces(), [new NullSandboxes()], [agent]),
            new WorkerOptions { Concurrency = concurrency });
        _worker.Start();
    }

    public string Name { get; }

    public StartBook Starts { get; } = new();

    public static async Task<ErrandJobSystem> StartAsync(string name, string location, int concurrency, CancellationToken cancellationToken) =>
        new(name, await Stores.BenchStores.OpenAsync(location, cancellationToken), concurrency);

    public async Task<long> EnqueueAsync(CancellationToken cancellationToken) => (await _store.EnqueueAsync(NoOp, cancellationToken)).Id;

    public async Task<bool> AllSucceededAsync(long enqueued, CancellationToken cancellationToken)
    {
        var pending = new TaskQuery { States = [TaskState.Queued, TaskState.Running], Limit = 1 };
        return (await _store.ListAsync(pending, cancellationToken)).Count == 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _store.DisposeAsync();
    }
}
