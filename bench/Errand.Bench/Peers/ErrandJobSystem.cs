using System.Diagnostics;
using System.Globalization;
using Errand.Bench.Stores;
using Errand.Bench.Support;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Bench.Peers;

/// <summary>
/// Errand as a team deploys it: this process enqueues into the store (as <c>errand submit</c> does), and a worker in
/// another process (<see cref="StoreWorkerCommand"/>: one <c>Worker</c> over the store, the no-op agent) runs the
/// tasks; only the store connects them (SQLite: its file and doorbell; PostgreSQL: LISTEN/NOTIFY).
/// </summary>
internal sealed class ErrandJobSystem : IJobSystem
{
    private static readonly NewTask NoOp = new("noop", TaskSpecJson.Serialize(
        new TaskSpec { Title = "noop", Agent = "noop", Sandbox = new SandboxSpec { Backend = "null", BackendExplicit = true } }));

    private readonly IErrandStore _store;
    private readonly Process _worker;

    private ErrandJobSystem(string name, IErrandStore store, string location, int concurrency)
    {
        Name = name;
        _store = store;
        _worker = StoreWorkerProcess.Start(location, ["--concurrency", concurrency.ToString(CultureInfo.InvariantCulture)], Starts.Started);
    }

    public string Name { get; }

    public StartBook Starts { get; } = new();

    public long EnqueuedBeforeStart => 0;

    /// <summary>Opens the store here first (it migrates the schema), then starts the worker process over it.</summary>
    public static async Task<ErrandJobSystem> StartAsync(string name, string location, int concurrency, CancellationToken cancellationToken) =>
        new(name, await BenchStores.OpenAsync(location, cancellationToken), location, concurrency);

    public async Task<long> EnqueueAsync(CancellationToken cancellationToken) => (await _store.EnqueueAsync(NoOp, cancellationToken)).Id;

    public async Task<bool> AllSucceededAsync(long enqueued, CancellationToken cancellationToken)
    {
        var pending = new TaskQuery { States = [TaskState.Queued, TaskState.Running], Limit = 1 };
        return (await _store.ListAsync(pending, cancellationToken)).Count == 0;
    }

    public TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime + BenchChild.CpuTime(_worker);

    public async ValueTask DisposeAsync()
    {
        await BenchChild.StopAsync(_worker, TimeSpan.FromSeconds(60));
        _worker.Dispose();
        await _store.DisposeAsync();
    }
}
