using Errand.Notifications.Channels;

namespace Errand.Notifications.Tests.Support;

/// <summary>The base of the HTTP channel tests: a loopback receiver per test and the channels' HTTP client.</summary>
public abstract class ReceiverTests : IAsyncLifetime
{
    /// <summary>How long a test waits for something that should happen at once.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private LoopbackReceiver? _receiver;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected HttpClient Http { get; } = ChannelFactory.CreateHttpClient();

    internal LoopbackReceiver Receiver => _receiver ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _receiver = await LoopbackReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        Http.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops this test's receiver and starts another on a new port; returns the old (now dead) URL.</summary>
    internal async Task<Uri> RestartReceiverAsync()
    {
        var url = Receiver.Url;
        await Receiver.DisposeAsync();
        _receiver = await LoopbackReceiver.StartAsync();
        return url;
    }
}
