using Errand.Json;
using Errand.Notifications.Channels;
using Errand.Notifications.Configuration;
using Errand.Notifications.Dispatching;
using Errand.Storage;
using Errand.Storage.Sqlite;
using Errand.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Errand.Notifications.Tests.Support;

/// <summary>A real SQLite store in a temporary directory, a loopback receiver, and dispatchers over them.</summary>
internal sealed class OutboxFixture : IAsyncDisposable
{
    public const string Key = "whsec-test-key-5c4b3a29";

    private readonly string _directory;
    private readonly List<NotificationDispatcher> _dispatchers = [];
    private readonly HttpClient _http = ChannelFactory.CreateHttpClient();

    private OutboxFixture(string directory, TimeProvider time, SqliteStore store, LoopbackReceiver receiver)
    {
        _directory = directory;
        Time = time;
        Store = store;
        Receiver = receiver;
    }

    public TimeProvider Time { get; }

    public FakeTimeProvider Fake => (FakeTimeProvider)Time;

    public SqliteStore Store { get; }

    public LoopbackReceiver Receiver { get; }

    public MemorySecrets Secrets { get; } = new(new() { ["WEBHOOK_KEY"] = Key });

    public static async Task<OutboxFixture> StartAsync(TimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(Payloads.At);
        var directory = Directory.CreateTempSubdirectory("errand-notify-").FullName;
        var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = Path.Combine(directory, "errand.db"), TimeProvider = time });
        return new OutboxFixture(directory, time, store, await LoopbackReceiver.StartAsync());
    }

    /// <summary>notify.channels: 'hook' (the receiver) plus any given.</summary>
    public NotifyConfig Config(DeliveryOptions? delivery = null) => ConfigFile.Parse($$"""
        notify:
          public_url: https://errand.example.com
          channels:
            hook: {type: webhook, url: "{{Receiver.Url}}", secret: WEBHOOK_KEY}
        """, "config.yaml").Notify with { Delivery = delivery ?? new DeliveryOptions() };

    public NotificationDispatcher Dispatcher(NotifyConfig config, TimeSpan? stopTimeout = null)
    {
        var dispatcher = new NotificationDispatcher(Store, () => config, new ChannelFactory(_http, Secrets, Time), new DispatcherOptions
        {
            Delivery = config.Delivery,
            Time = Time,
            StopTimeout = stopTimeout ?? TimeSpan.FromSeconds(5),
        });
        _dispatchers.Add(dispatcher);
        return dispatcher;
    }

    /// <summary>A task and one outbox row for it, as the engine writes them.</summary>
    public async Task<(long TaskId, string Key)> NotifyAsync(string channel = "hook", NotificationPayload? payload = null)
    {
        var task = await Store.EnqueueAsync(new NewTask("Fix the login bug", """{"title":"Fix the login bug"}"""), CancellationToken.None);
        payload ??= Payloads.Succeeded(task.Id);
        var key = $"task-{task.Id}/{payload.Event}/1/{channel}";
        Assert.True(await Store.NotifyAsync(task.Id, null, [], [new OutboxMessage(key, channel, payload.Event, ErrandJson.Serialize(payload))], CancellationToken.None));
        return (task.Id, key);
    }

    public async Task<OutboxRecord> RowAsync(string key) =>
        (await Store.ListOutboxAsync(new OutboxQuery { Limit = 1000 }, CancellationToken.None)).Single(r => r.Message.Key == key);

    /// <summary>Waits until the row matches, checking after each store write it could be waiting for.</summary>
    public async Task<OutboxRecord> WaitForRowAsync(string key, Func<OutboxRecord, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var row = await RowAsync(key);
            if (done(row))
            {
                return row;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"row {key} is {row.State} after {row.Attempts} attempts ({row.LastError})");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dispatcher in _dispatchers)
        {
            await dispatcher.DisposeAsync();
        }

        await Receiver.DisposeAsync();
        await Store.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
