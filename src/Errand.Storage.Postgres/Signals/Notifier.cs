using Errand.Storage.Postgres.Connections;
using Microsoft.Extensions.Logging;

namespace Errand.Storage.Postgres.Signals;

/// <summary>
/// Tells other processes that work (or an outbox row) was committed here: a NOTIFY right after the commit, in a
/// transaction of its own, coalescing the requests that arrive while one is being sent. Not in the writing
/// transaction: PostgreSQL holds a cluster-wide lock from a notifying transaction's pre-commit until its commit is
/// flushed, which would queue every enqueue behind the one before it. A process that dies between its commit and
/// the NOTIFY costs the others a poll interval, never the work.
/// </summary>
/// <remarks>
/// The payload is <c>sender:horizon</c>: this store's id (its own listener ignores it: local commits wake local
/// waiters directly), and the first transaction id not yet assigned when the NOTIFY was sent. Every commit it
/// stands for has a lower id, so a claim whose snapshot has no transaction below the horizon still running has
/// seen all of that work (see <see cref="WorkSignal"/>).
/// </remarks>
internal sealed class Notifier : IAsyncDisposable
{
    private const string Notify =
        "SELECT pg_notify($1 || left(md5(current_schema()), 12), $2 || ':' || pg_snapshot_xmax(pg_current_snapshot())::text)";

    private readonly Database _db;
    private readonly string _sender;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _requested = new(0);
    private static readonly TimeSpan FlushGrace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _loop;
    private int _work;
    private int _outbox;

    public Notifier(Database db, string sender, ILogger logger)
    {
        _db = db;
        _sender = sender;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Work was committed: notify the work channel.</summary>
    public void Work() => Request(ref _work);

    /// <summary>Outbox rows became due: notify the outbox channel.</summary>
    public void Outbox() => Request(ref _outbox);

    public async ValueTask DisposeAsync()
    {
        // What was committed is announced before the store closes: a short-lived process (`errand submit`) exits right
        // after its commit, and without this its workers would see the task only at their next poll. So the loop is
        // asked to stop waiting, not to abandon a NOTIFY it is sending (whose request flag it has already cleared), and
        // it sends what is still pending on its way out; only a server that does not answer within the grace is given up.
        await _stop.CancelAsync();
        _abandon.CancelAfter(FlushGrace);
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _abandon.Dispose();
        _requested.Dispose();
    }

    private void Request(ref int flag)
    {
        if (Interlocked.Exchange(ref flag, 1) == 0)
        {
            _requested.Release();
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            try
            {
                await _requested.WaitAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await SendPendingAsync(_abandon.Token);
        }

        await SendPendingAsync(_abandon.Token);
    }

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        // Cleared before sending: a commit that ends after this point asks again, and gets a later horizon.
        foreach (var (channel, requested) in new[] { ("errand_work_", Interlocked.Exchange(ref _work, 0)), ("errand_outbox_", Interlocked.Exchange(ref _outbox, 0)) })
        {
            if (requested == 0)
            {
                continue;
            }

            try
            {
                await _db.RetryingAsync(async (connection, token) =>
                {
                    await using var command = new Npgsql.NpgsqlCommand(Notify, connection) { Parameters = { new() { Value = channel }, new() { Value = _sender } } };
                    return await command.ExecuteNonQueryAsync(token);
                }, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Other processes find the work at their next poll.
                _logger.LogWarning("Could not notify other processes ({Error}); they will see the work when they poll", ex.Message);
            }
        }
    }
}
