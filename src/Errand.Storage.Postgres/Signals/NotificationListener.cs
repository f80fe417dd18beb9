using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Errand.Storage.Postgres.Signals;

/// <summary>
/// One dedicated connection that LISTENs for the store's channels and turns notifications from any process into
/// wake-ups of this process's waiters. When the connection breaks (server restart, terminated backend, network)
/// it reconnects with a growing pause; once listening again it wakes every waiter once, because work may have been
/// notified while nobody was listening.
/// </summary>
internal sealed class NotificationListener : IAsyncDisposable
{
    private static readonly TimeSpan MinPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(2);

    // A silent network can leave a connection open that will never deliver; an idle check with a round trip
    // finds it broken and reconnects.
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(15);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _self;
    private readonly WorkSignal _work;
    private readonly WorkSignal _outbox;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstListen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private string _workChannel = "";
    private string _outboxChannel = "";
    private long _connects;

    public NotificationListener(NpgsqlDataSource dataSource, string self, WorkSignal work, WorkSignal outbox, ILogger logger)
    {
        _self = self;
        _dataSource = dataSource;
        _work = work;
        _outbox = outbox;
        _logger = logger;
    }

    /// <summary>How many times the listening connection has been (re)established; tests watch it.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Starts listening; completes once the first LISTEN is in place, so no notification after it is missed.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return _firstListen.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var pause = MinPause;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += OnNotification;
                await ListenAsync(connection, cancellationToken);

                if (Interlocked.Increment(ref _connects) > 1)
                {
                    _logger.LogInformation("Listening for work notifications again");
                }

                // Whatever was notified while this connection was down is lost: wake everyone to look once.
                _work.Raise(null);
                _outbox.Raise(null);
                _firstListen.TrySetResult();
                pause = MinPause;
                while (true)
                {
                    if (!await connection.WaitAsync(IdleCheck, cancellationToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning("The notification connection failed ({Error}); reconnecting in {Pause} ms", ex.Message, (int)pause.TotalMilliseconds);
                try
                {
                    // A real delay: reconnection pacing is about the server, not the store's (possibly fake) clock.
                    await Task.Delay(pause, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                pause = TimeSpan.FromTicks(Math.Min(MaxPause.Ticks, pause.Ticks * 2));
            }
        }
    }

    /// <summary>
    /// Listens on the channels the triggers notify: named after the schema the store's tables are in (the first of
    /// the connection's search path), so stores in other schemas of the same database do not wake this one.
    /// </summary>
    private async Task ListenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var suffix = new NpgsqlCommand("SELECT left(md5(current_schema()), 12)", connection);
        var schema = (string)(await suffix.ExecuteScalarAsync(cancellationToken))!;
        (_workChannel, _outboxChannel) = ("errand_work_" + schema, "errand_outbox_" + schema);
        await using var listen = new NpgsqlCommand($"LISTEN \"{_workChannel}\"; LISTEN \"{_outboxChannel}\"", connection);
        await listen.ExecuteNonQueryAsync(cancellationToken);
    }

    // The payload is "sender:horizon" (see Notifier); this store's own notifications are skipped, its commits
    // having woken its waiters already.
    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var signal = e.Channel == _workChannel ? _work : e.Channel == _outboxChannel ? _outbox : null;
        var colon = e.Payload.LastIndexOf(':');
        if (signal is null || (colon > 0 && e.Payload.AsSpan(0, colon).SequenceEqual(_self)))
        {
            return;
        }

        if (colon > 0 && ulong.TryParse(e.Payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var horizon))
        {
            signal.RaiseBelow(horizon);
        }
        else
        {
            signal.Raise(null);
        }
    }
}
