using System.Net;
using Errand.Server.Tests.Support;
using Errand.Tasks;
using Errand.Tokens;

namespace Errand.Server.Tests.Extensions;

/// <summary>/metrics on the server as `errand serve` composes it: behind a read token, with the task counters in it.</summary>
public sealed class ServeMetricsTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync(withWorker: true);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Metrics_WithoutToken_Returns401()
    {
        using var response = await _server.Client(null).GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_ReadTokenAfterATaskRan_ExpositionHasTheTaskCounters()
    {
        var created = await _server.SubmitAsync(_server.Spec("Counted", "echo hi > counted.txt"));
        await _server.WaitForAsync(created.GetProperty("id").GetInt64(), t => t.State == TaskState.Succeeded);

        using var response = await _server.Client(TokenScope.Read).GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(text.Split('\n'), line => line.StartsWith("errand_tasks_transitions_total{", StringComparison.Ordinal)
            && line.Contains("errand_task_state=\"succeeded\"", StringComparison.Ordinal));
        Assert.Contains(text.Split('\n'), line => line.StartsWith("errand_task_duration_seconds_count{", StringComparison.Ordinal));
    }
}
