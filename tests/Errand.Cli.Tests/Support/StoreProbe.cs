using Errand.Journal;
using Errand.Storage;
using Errand.Storage.Sqlite;
using Errand.Tasks;

namespace Errand.Cli.Tests.Support;

/// <summary>Reads the store the `errand` processes write, the way another process would.</summary>
internal sealed class StoreProbe : IAsyncDisposable
{
    private readonly IErrandStore _store;

    private StoreProbe(IErrandStore store) => _store = store;

    public static async Task<StoreProbe> OpenAsync(string dataDir) =>
        new(await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = Path.Combine(dataDir, "errand.db") }, CancellationToken.None));

    /// <summary>A probe over a store opened elsewhere (PostgreSQL); disposing the probe disposes it.</summary>
    public static StoreProbe Over(IErrandStore store) => new(store);

    public Task<string> InstallationIdAsync() => _store.InstallationIdAsync(CancellationToken.None);

    public async Task<TaskRecord> GetAsync(long id) => (await _store.GetAsync(id, CancellationToken.None))!;

    public async Task<IReadOnlyList<JournalEvent>> JournalAsync(long id) =>
        await _store.ReadAsync(id, 0, 100_000, CancellationToken.None);

    /// <summary>Polls until the condition holds (the writers are other processes: there is no in-process signal).</summary>
    public async Task<TaskRecord> WaitUntilAsync(long id, Func<TaskRecord, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var task = await GetAsync(id);
            if (condition(task))
            {
                return task;
            }

            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"task {id} did not reach the expected condition within {timeout}; it is {task.State.ToWireName()} ({task.Reason})");
            }
        }
    }

    public async Task<JournalEvent> WaitForEventAsync(long id, Func<JournalEvent, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var found = (await JournalAsync(id)).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"task {id}: no matching journal event within {timeout}");
            }
        }
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
