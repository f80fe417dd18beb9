using Errand.Agents.Tests.Support;

namespace Errand.Server.Tests.Support;

/// <summary>
/// What a browser test of the dashboard runs on: the scripted model server (OpenAI wire), a server with a worker whose
/// builtin agent talks to it, and Chromium on that server.
/// </summary>
internal sealed class DashboardTestbed : IAsyncDisposable
{
    private DashboardTestbed(FakeModelServer model, ServerHarness server, BrowserSession browser)
    {
        Model = model;
        Server = server;
        Browser = browser;
    }

    public FakeModelServer Model { get; }

    public ServerHarness Server { get; }

    public BrowserSession Browser { get; }

    public static async Task<DashboardTestbed> StartAsync(IReadOnlyList<FakeTurn> turns, int width = 1440, int height = 900)
    {
        var model = await FakeModelServer.StartAsync(turns);
        var server = await ServerHarness.StartAsync(withWorker: true, model: model.BaseUrl);
        return new DashboardTestbed(model, server, await BrowserSession.StartAsync(server.Address, server.Timeline, width, height));
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Server.DisposeAsync();
        await Model.DisposeAsync();
    }
}
