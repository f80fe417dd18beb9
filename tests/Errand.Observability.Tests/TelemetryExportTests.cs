using System.Diagnostics.Metrics;
using System.Text;
using Errand.Notifications.Configuration;
using Errand.Tasks;
using Errand.Telemetry;

namespace Errand.Observability.Tests;

public sealed class TelemetryExportTests
{
    [Fact]
    public void Start_NothingConfigured_ExportsNothing()
    {
        Assert.Null(TelemetryExport.Start(new TelemetryConfig(), _ => null));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("http://127.0.0.1:4317", null, true)]
    [InlineData(null, "http://collector:4317", true)]
    [InlineData(null, " ", false)]
    public void IsConfigured_FileOrStandardVariable_Decides(string? file, string? variable, bool expected)
    {
        var config = new TelemetryConfig { OtlpEndpoint = file is null ? null : new Uri(file) };

        Assert.Equal(expected, TelemetryExport.IsConfigured(config, n => n == TelemetryExport.EndpointVariable ? variable : null));
    }

    [Fact]
    public async Task Start_OtlpHttpEndpointConfigured_ExportsSpansAndMetricsWhenDisposed()
    {
        await using var collector = await FakeCollector.StartAsync();
        var config = new TelemetryConfig { OtlpEndpoint = collector.Url, OtlpProtocol = "http/protobuf", ServiceName = "errand-export-test" };
        using var meter = new Meter(ErrandTelemetry.Name);
        var metrics = new ErrandMetrics(meter);

        using (TelemetryExport.Start(config, _ => null))
        {
            using (var span = ErrandTelemetry.Source.StartActivity(SpanNames.Task))
            {
                Assert.NotNull(span);
                span.SetTag(SpanAttributes.TaskId, 42L);
                using var child = ErrandTelemetry.Source.StartActivity(SpanNames.Phase("agent"));
            }

            metrics.Transitioned(TaskState.Succeeded);
        }

        var traces = Encoding.UTF8.GetString(collector.Received("/v1/traces"));
        Assert.Contains(SpanNames.Task, traces, StringComparison.Ordinal);
        Assert.Contains("errand.agent", traces, StringComparison.Ordinal);
        Assert.Contains(SpanAttributes.TaskId, traces, StringComparison.Ordinal);
        Assert.Contains("errand-export-test", traces, StringComparison.Ordinal);
        var exported = Encoding.UTF8.GetString(collector.Received("/v1/metrics"));
        Assert.Contains("errand.tasks.transitions", exported, StringComparison.Ordinal);
        Assert.Contains("succeeded", exported, StringComparison.Ordinal);
    }
}
