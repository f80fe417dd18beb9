using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Errand.Notifications.Channels.Webhook;
using Errand.Notifications.Configuration;
using Errand.Notifications.Tests.Support;
using Errand.Storage;

namespace Errand.Notifications.Tests.Dispatching;

public sealed class NotificationDispatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deliver_ReceiverFailsThreeTimes_ArrivesOnceAcceptedWithOneDeliveryIdAndValidSignatures()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        fixture.Receiver.Respond = (n, _) => Task.FromResult(n < 3 ? 503 : 200);
        var delivery = new DeliveryOptions { FirstRetry = TimeSpan.FromSeconds(10), MaxRetry = TimeSpan.FromMinutes(5) };
        var dispatcher = fixture.Dispatcher(fixture.Config(delivery));
        dispatcher.Start();

        var (_, key) = await fixture.NotifyAsync();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var failed = await fixture.WaitForRowAsync(key, r => r.Attempts == attempt, Patience);
            Assert.Equal(OutboxState.Retrying, failed.State);
            Assert.Equal("HTTP 503 Service Unavailable: receiver says no", failed.LastError);
            Assert.InRange(failed.NextAttemptAt!.Value - fixture.Time.GetUtcNow(), TimeSpan.FromMilliseconds(1), delivery.MaxRetry);

            // Not before its time: the next attempt waits for the backoff the store holds, on the (fake) clock.
            Assert.Equal(attempt, fixture.Receiver.Requests.Count);
            await AdvanceUntilAsync(fixture, () => fixture.Receiver.Requests.Count > attempt, failed.NextAttemptAt.Value);
        }

        var delivered = await fixture.WaitForRowAsync(key, r => r.State == OutboxState.Delivered, Patience);
        Assert.Equal(4, delivered.Attempts);
        await dispatcher.StopAsync(Ct);
        var requests = fixture.Receiver.Requests;
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal(key, r.Header(WebhookHeaders.Delivery));
            Assert.Equal(key, JsonDocument.Parse(r.Body).RootElement.GetProperty("delivery_id").GetString());
            var timestamp = long.Parse(r.Header(WebhookHeaders.Timestamp), CultureInfo.InvariantCulture);
            Assert.True(WebhookSignature.Verify(OutboxFixture.Key, timestamp, r.Body, r.Header(WebhookHeaders.Signature)));
        });
        Assert.Equal(requests[0].Text, requests[3].Text);
    }

    [Fact]
    public async Task Deliver_WaitsGrowExponentiallyWithJitter()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        fixture.Receiver.Respond = (_, _) => Task.FromResult(500);
        var delivery = new DeliveryOptions { FirstRetry = TimeSpan.FromSeconds(10), MaxRetry = TimeSpan.FromHours(1), MaxAttempts = 6 };
        fixture.Dispatcher(fixture.Config(delivery)).Start();

        var (_, key) = await fixture.NotifyAsync();
        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt < delivery.MaxAttempts; attempt++)
        {
            var row = await fixture.WaitForRowAsync(key, r => r.Attempts == attempt, Patience);
            waits.Add(row.NextAttemptAt!.Value - fixture.Time.GetUtcNow());
            await AdvanceUntilAsync(fixture, () => fixture.Receiver.Requests.Count > attempt, row.NextAttemptAt.Value);
        }

        var dead = await fixture.WaitForRowAsync(key, r => r.State == OutboxState.Dead, Patience);
        Assert.Equal(6, dead.Attempts);
        Assert.Equal("HTTP 500 Internal Server Error: receiver says no (gave up after 6 attempts; `errand notify retry 1` tries again)", dead.LastError);
        Assert.Null(dead.NextAttemptAt);
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromSeconds(1), delivery.MaxRetry));
        Assert.True(waits[^1] > waits[0] * 2, $"waits did not grow: {string.Join(", ", waits)}");
    }

    [Fact]
    public async Task Deliver_ChannelNotInConfig_DeadAtOnceSayingSo()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        fixture.Dispatcher(fixture.Config()).Start();

        var (_, key) = await fixture.NotifyAsync(channel: "pager");

        var dead = await fixture.WaitForRowAsync(key, r => r.State == OutboxState.Dead, Patience);
        Assert.Equal("no channel named 'pager' in config.yaml", dead.LastError);
        Assert.Equal(1, dead.Attempts);
        Assert.Empty(fixture.Receiver.Requests);
    }

    [Fact]
    public async Task Deliver_SecretNotSet_DeadThenRetriedByHandOnceSet()
    {
        await using var fixture = await OutboxFixture.StartAsync();
        var config = fixture.Config() with { };
        var channels = new Dictionary<string, ChannelConfig>(config.Channels)
        {
            ["hook"] = ((WebhookChannelConfig)config.Channels["hook"]) with { KeySecret = "OTHER_KEY" },
        };
        fixture.Dispatcher(config with { Channels = channels }).Start();

        var (_, key) = await fixture.NotifyAsync();
        var dead = await fixture.WaitForRowAsync(key, r => r.State == OutboxState.Dead, Patience);
        Assert.Equal("secret OTHER_KEY is not set: set it with `errand secret set OTHER_KEY`, then `errand notify retry`", dead.LastError);

        fixture.Secrets.Set("OTHER_KEY", "another-key-1234");
        Assert.True(await fixture.Store.RetryOutboxAsync(dead.Id, Ct));

        var delivered = await fixture.WaitForRowAsync(key, r => r.State == OutboxState.Delivered, Patience);
        Assert.Equal(2, delivered.Attempts);
        Assert.Single(fixture.Receiver.Requests);
    }

    [Fact]
    public async Task Deliver_AttemptTimesOut_FailedAndTriedAgain()
    {
        await using var fixture = await OutboxFixture.StartAsync(TimeProvider.System);
        fixture.Receiver.Respond = async (n, ct) =>
        {
            if (n == 0)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return 200;
        };
        // A second long enough that the answered attempt is not cut off too on a loaded machine.
        var delivery = new DeliveryOptions { Timeout = TimeSpan.FromSeconds(1), FirstRetry = TimeSpan.FromMilliseconds(100), MaxRetry = TimeSpan.FromMilliseconds(200) };
        fixture.Dispatcher(fixture.Config(delivery)).Start();

        var (_, key) = await fixture.NotifyAsync();

        var delivered = await fixture.WaitForRowAsync(key, r => r.State == OutboxState.Delivered, Patience);
        Assert.Equal(2, delivered.Attempts);
        Assert.Equal("no answer within 1s", delivered.LastError);
    }

    [Fact]
    public async Task Deliver_RowWrittenInThisProcess_GoesOutAtOnce()
    {
        await using var fixture = await OutboxFixture.StartAsync(TimeProvider.System);
        var dispatcher = fixture.Dispatcher(fixture.Config());
        dispatcher.Start();
        await fixture.NotifyAsync();
        await fixture.Receiver.WaitForAsync(1, Patience);

        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await fixture.NotifyAsync();
            await fixture.Receiver.WaitForAsync(i + 2, Patience);
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }

        // The poll interval is 500 ms: anything well under it was woken by the write, not found by polling.
        latencies.Sort();
        Assert.True(latencies[2] < TimeSpan.FromMilliseconds(400), $"latencies: {string.Join(", ", latencies.Select(l => l.TotalMilliseconds))} ms");
    }

    [Fact]
    public async Task Deliver_RowWrittenByAnotherProcess_FoundByPolling()
    {
        await using var fixture = await OutboxFixture.StartAsync(TimeProvider.System);
        await using var other = await Errand.Storage.Sqlite.SqliteStore.OpenAsync(
            new Errand.Storage.Sqlite.SqliteStoreOptions { Path = fixture.Store.DatabasePath, TimeProvider = TimeProvider.System }, Ct);
        fixture.Dispatcher(fixture.Config()).Start();
        var task = await other.EnqueueAsync(new Errand.Tasks.NewTask("t", """{"title":"t"}"""), Ct);

        var started = Stopwatch.GetTimestamp();
        await other.NotifyAsync(task.Id, null, [], [new OutboxMessage("from-elsewhere", "hook", "succeeded",
            Errand.Json.ErrandJson.Serialize(Payloads.Succeeded(task.Id)))], Ct);

        Assert.Equal("from-elsewhere", Assert.Single(await fixture.Receiver.WaitForAsync(1, Patience)).Header(WebhookHeaders.Delivery));
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Deliver_ManyRows_NoMoreInFlightThanTheLimit()
    {
        await using var fixture = await OutboxFixture.StartAsync(TimeProvider.System);
        var inFlight = 0;
        var most = 0;
        fixture.Receiver.Respond = async (_, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(50, ct);
            Interlocked.Decrement(ref inFlight);
            return 200;
        };
        fixture.Dispatcher(fixture.Config(new DeliveryOptions { Parallelism = 3 })).Start();

        for (var i = 0; i < 12; i++)
        {
            await fixture.NotifyAsync();
        }

        await fixture.Receiver.WaitForAsync(12, Patience);
        Assert.InRange(most, 2, 3);
    }

    [Fact]
    public async Task Stop_DeliveryHangs_InterruptedAndDueAgainForTheNextDispatcher()
    {
        await using var fixture = await OutboxFixture.StartAsync(TimeProvider.System);
        fixture.Receiver.Respond = async (n, ct) =>
        {
            if (n == 0)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }

            return 200;
        };
        var first = fixture.Dispatcher(fixture.Config(), stopTimeout: TimeSpan.FromMilliseconds(200));
        first.Start();
        var (_, key) = await fixture.NotifyAsync();
        await fixture.Receiver.WaitForAsync(1, Patience);

        await first.StopAsync(Ct);

        var interrupted = await fixture.RowAsync(key);
        Assert.Equal(OutboxState.Retrying, interrupted.State);
        Assert.Equal("interrupted: the dispatcher stopped during the attempt", interrupted.LastError);
        fixture.Dispatcher(fixture.Config()).Start();
        var delivered = await fixture.WaitForRowAsync(key, r => r.State == OutboxState.Delivered, Patience);
        Assert.Equal(2, delivered.Attempts);
        Assert.Equal(2, fixture.Receiver.Requests.Count);
        Assert.Equal(key, fixture.Receiver.Requests[1].Header(WebhookHeaders.Delivery));
    }

    [Fact]
    public async Task Drain_TaskNotificationsGoOut_ReturnsTrueOnceDelivered()
    {
        await using var fixture = await OutboxFixture.StartAsync(TimeProvider.System);
        var dispatcher = fixture.Dispatcher(fixture.Config());
        dispatcher.Start();
        var (taskId, key) = await fixture.NotifyAsync();

        Assert.True(await dispatcher.DrainAsync(taskId, Patience, Ct));

        Assert.Equal(OutboxState.Delivered, (await fixture.RowAsync(key)).State);
    }

    [Fact]
    public async Task Drain_ReceiverDown_GivesUpAtTheDeadline()
    {
        await using var fixture = await OutboxFixture.StartAsync(TimeProvider.System);
        fixture.Receiver.Respond = (_, _) => Task.FromResult(503);
        var dispatcher = fixture.Dispatcher(fixture.Config(new DeliveryOptions { FirstRetry = TimeSpan.FromMilliseconds(100), MaxRetry = TimeSpan.FromMilliseconds(100) }));
        dispatcher.Start();
        var (taskId, _) = await fixture.NotifyAsync();

        var started = Stopwatch.GetTimestamp();
        Assert.False(await dispatcher.DrainAsync(taskId, TimeSpan.FromMilliseconds(700), Ct));

        Assert.InRange(Stopwatch.GetElapsedTime(started), TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(5));
        Assert.NotEmpty(fixture.Receiver.Requests);
    }

    /// <summary>
    /// Moves the fake clock to <paramref name="dueAt"/>, then on in poll-sized steps until <paramref name="done"/>: the
    /// dispatcher's poll wait may begin just after a step, so one step alone could be missed.
    /// </summary>
    private static async Task AdvanceUntilAsync(OutboxFixture fixture, Func<bool> done, DateTimeOffset dueAt)
    {
        var fake = fixture.Fake;
        if (dueAt > fake.GetUtcNow())
        {
            fake.Advance(dueAt - fake.GetUtcNow());
        }

        var deadline = DateTime.UtcNow + Patience;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the next attempt did not come");
            }

            fake.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(20);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
