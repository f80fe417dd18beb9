using Errand.Json;
using Errand.Notifications.Channels;
using Errand.Notifications.Configuration;
using Errand.Notifications.Rendering;
using Errand.Storage;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace Errand.Notifications.Dispatching;

/// <summary>
/// Delivers the outbox at least once: claims due notifications (hidden from other dispatchers for a visibility time,
/// so a dead dispatcher's claims come back), sends up to <see cref="DeliveryOptions.Parallelism"/> at once, and
/// records each outcome: delivered, due again after a backoff, or dead after the retry limit. Every fact it acts on
/// is in the store, so any number of dispatchers, in any processes, share the work and survive each other's crashes.
/// </summary>
public sealed class NotificationDispatcher : IAsyncDisposable
{
    private const int ErrorLength = 1000;

    private readonly IOutboxStore _store;
    private readonly Func<NotifyConfig> _config;
    private readonly ChannelFactory _channels;
    private readonly DispatcherOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BackoffSchedule _backoff;
    private readonly ResiliencePipeline _attempt;
    private readonly CancellationTokenSource _stopClaiming = new();
    private readonly CancellationTokenSource _interrupt = new();
    private TaskCompletionSource _progress = NewSource();
    private Task<List<Task>> _loop = Task.FromResult(new List<Task>());
    private int _state; // 0 new, 1 started, 2 stopped

    /// <summary>Creates a dispatcher; <paramref name="config"/> is asked for the channels at each delivery (it may reload).</summary>
    public NotificationDispatcher(IOutboxStore store, Func<NotifyConfig> config, ChannelFactory channels, DispatcherOptions options)
    {
        options.Validate();
        _store = store;
        _config = config;
        _channels = channels;
        _options = options;
        _time = options.Time;
        _logger = options.Logging.CreateLogger<NotificationDispatcher>();
        _backoff = new BackoffSchedule(options.Delivery);
        _attempt = new ResiliencePipelineBuilder { TimeProvider = options.Time }.AddTimeout(options.Delivery.Timeout).Build();
    }

    /// <summary>Starts delivering.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("a dispatcher starts once");
        }

        _loop = Task.Run(() => RunAsync(_stopClaiming.Token));
    }

    /// <summary>
    /// Waits (at most <paramref name="maxWait"/>) until no notification of <paramref name="taskId"/> is due before
    /// then: all delivered, dead, or scheduled for later. True when none is left undelivered.
    /// </summary>
    public async Task<bool> DrainAsync(long taskId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + maxWait;
        while (true)
        {
            var progress = Volatile.Read(ref _progress).Task;
            var waiting = await _store.ListOutboxAsync(
                new OutboxQuery { TaskId = taskId, States = [OutboxState.Pending, OutboxState.Retrying], Limit = 1000 }, cancellationToken);
            if (waiting.All(r => r.NextAttemptAt > deadline))
            {
                return waiting.Count == 0;
            }

            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            // A delivery finishing wakes this at once; the short poll covers other dispatchers' deliveries.
            await Task.WhenAny(progress, Task.Delay(TimeSpan.FromMilliseconds(Math.Min(left.TotalMilliseconds, 100)), _time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Stops claiming; deliveries in flight get <see cref="DispatcherOptions.StopTimeout"/> to finish, then are
    /// interrupted and recorded as due again at once (their receivers may or may not have them: at least once).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        await _stopClaiming.CancelAsync();
        var inflight = Task.WhenAll(await _loop);
        try
        {
            await inflight.WaitAsync(_options.StopTimeout, _time, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            await _interrupt.CancelAsync();
            await inflight;
        }
    }

    /// <summary>Stops (see <see cref="StopAsync"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopClaiming.Dispose();
        _interrupt.Dispose();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task<List<Task>> RunAsync(CancellationToken stop)
    {
        var inflight = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                inflight.RemoveAll(t => t.IsCompleted);
                var free = _options.Delivery.Parallelism - inflight.Count;
                if (free == 0)
                {
                    await Task.WhenAny(inflight).WaitAsync(stop);
                    continue;
                }

                // AT LEAST ONCE: the claim hides a row only for the visibility time; if this process dies before it
                // records the outcome, the row is due again for any dispatcher once the claim runs out.
                var items = await _store.ClaimOutboxAsync(free, _options.Delivery.Visibility, stop);
                inflight.AddRange(items.Select(DeliverAsync));
                if (items.Count < free)
                {
                    await _store.WaitForOutboxAsync(_options.PollInterval, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The store may be briefly unreachable; the loop must outlive that.
                _logger.LogWarning(ex, "notification dispatcher: claiming failed; trying again");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        return inflight;
    }

    private async Task DeliverAsync(OutboxItem item)
    {
        try
        {
            await RecordAsync(item, await AttemptAsync(item));
        }
        catch (OperationCanceledException) when (_interrupt.IsCancellationRequested)
        {
            await MarkQuietlyAsync(item, "interrupted: the dispatcher stopped during the attempt", _time.GetUtcNow());
        }
        catch (Exception ex)
        {
            // The outcome could not be recorded: the claim runs out and the row is tried again (at least once).
            _logger.LogWarning(ex, "notification {Key}: the outcome could not be recorded; it will be tried again", item.Message.Key);
        }
        finally
        {
            Interlocked.Exchange(ref _progress, NewSource()).TrySetResult();
        }
    }

    private async Task<DeliveryResult> AttemptAsync(OutboxItem item)
    {
        var config = _config();
        if (!config.Channels.TryGetValue(item.Message.Channel, out var channelConfig))
        {
            return DeliveryResult.Broken($"no channel named '{item.Message.Channel}' in {ConfigFile.FileName}");
        }

        NotificationPayload payload;
        try
        {
            payload = ErrandJson.Deserialize<NotificationPayload>(item.Message.PayloadJson);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
        {
            return DeliveryResult.Broken($"the notification's payload cannot be read: {ex.Message}");
        }

        var channel = _channels.Create(channelConfig);
        var notification = Notification.Create(item.Message.Key, payload, config.PublicUrl);
        try
        {
            return await _attempt.ExecuteAsync(
                static async (state, token) => await state.channel.SendAsync(state.notification, token),
                (channel, notification),
                _interrupt.Token);
        }
        catch (TimeoutRejectedException)
        {
            return DeliveryResult.Failed($"no answer within {_options.Delivery.Timeout.TotalSeconds:0.#}s");
        }
    }

    private async Task RecordAsync(OutboxItem item, DeliveryResult result)
    {
        var key = item.Message.Key;
        var channel = item.Message.Channel;
        _options.Metrics.Notification(channel, result.Delivered);
        if (result.Delivered)
        {
            await _store.MarkDeliveredAsync(item.Id, CancellationToken.None);
            _logger.LogDebug("notification {Key} delivered to {Channel} (attempt {Attempt})", key, channel, item.Attempts + 1);
            return;
        }

        var attempts = item.Attempts + 1;
        var error = result.Error ?? "failed";
        DateTimeOffset? retryAt = null;
        if (result.Permanent)
        {
            error = Shorten(error);
        }
        else if (attempts >= _options.Delivery.MaxAttempts)
        {
            error = Shorten(error) + $" (gave up after {attempts} attempts; `errand notify retry {item.Id}` tries again)";
        }
        else
        {
            retryAt = _time.GetUtcNow() + await _backoff.DelayAfterAsync(attempts);
            error = Shorten(error);
        }

        await _store.MarkFailedAsync(item.Id, error, retryAt, CancellationToken.None);
        if (retryAt is { } at)
        {
            _logger.LogWarning("notification {Key} to {Channel}: attempt {Attempt} failed: {Error}; next attempt at {At:u}", key, channel, attempts, error, at);
        }
        else
        {
            _logger.LogError("notification {Key} to {Channel} given up: {Error}", key, channel, error);
        }
    }

    private async Task MarkQuietlyAsync(OutboxItem item, string error, DateTimeOffset retryAt)
    {
        try
        {
            await _store.MarkFailedAsync(item.Id, error, retryAt, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "notification {Key}: the interruption could not be recorded; its claim will run out", item.Message.Key);
        }
    }

    private static string Shorten(string error) => error.Length <= ErrorLength ? error : error[..ErrorLength] + "…";
}
