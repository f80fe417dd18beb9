using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using Errand.Notifications.Configuration;
using Errand.Tasks;
using Errand.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Errand.Observability.Tests;

/// <summary>The Prometheus exposition through the exporter's own endpoint, in a minimal host on loopback.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task MapErrandMetrics_TasksCountedAndGauged_ScrapeShowsThem()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddErrandTelemetry(new TelemetryConfig(), _ => null);
        await using var app = builder.Build();
        app.MapErrandMetrics();
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var meter = new Meter(ErrandTelemetry.Name);
        var metrics = new ErrandMetrics(meter);

        // Partial and cancelled: states no other test in this process counts.
        metrics.Transitioned(TaskState.Partial, 3);
        metrics.Ended(TaskState.Partial, TimeSpan.FromSeconds(12));
        metrics.Turn("builtin", 1200, 300, 0.25m);
        metrics.PublishCounts(new Dictionary<TaskState, long> { [TaskState.Queued] = 7, [TaskState.Cancelled] = 2 });
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var text = await http.GetStringAsync(new Uri(MetricsEndpoint.Path, UriKind.Relative));

        Assert.Equal(3, Sample(text, "errand_tasks_transitions_total", "errand_task_state=\"partial\""));
        Assert.Equal(1, Sample(text, "errand_task_duration_seconds_count", "errand_task_state=\"partial\""));
        Assert.Equal(1200, Sample(text, "errand_tokens_total", "gen_ai_token_type=\"input\""));
        Assert.Equal(300, Sample(text, "errand_tokens_total", "gen_ai_token_type=\"output\""));
        Assert.Equal(0.25, Sample(text, "errand_cost_USD_total", "errand_agent=\"builtin\""));
        Assert.Equal(7, Sample(text, "errand_queue_depth", null));
        Assert.Equal(2, Sample(text, "errand_tasks", "errand_task_state=\"cancelled\""));
        Assert.Equal(0, Sample(text, "errand_tasks", "errand_task_state=\"running\""));
    }

    // The value of the one sample of `name` whose labels include `label`.
    private static double Sample(string exposition, string name, string? label)
    {
        var lines = exposition.Split('\n')
            .Where(l => Regex.IsMatch(l, $"^{Regex.Escape(name)}(\\{{|\\s)") && (label is null || l.Contains(label, StringComparison.Ordinal)))
            .ToList();
        Assert.True(lines.Count == 1, $"expected one {name} sample with {label}, found {lines.Count} in:\n{exposition}");
        var value = lines[0][(lines[0].LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
        return double.Parse(value, CultureInfo.InvariantCulture);
    }
}
