using Errand.Notifications.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Errand.Observability;

/// <summary>Errand's telemetry on an ASP.NET Core host (<c>errand serve</c>): OTLP when configured, and Prometheus <c>/metrics</c>.</summary>
public static class MetricsEndpoint
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string Path = "/metrics";

    /// <summary>Registers tracing and metrics: Errand's sources and meter, the Prometheus exporter, OTLP when configured.</summary>
    public static IServiceCollection AddErrandTelemetry(this IServiceCollection services, TelemetryConfig config, Func<string, string?> environment)
    {
        var otlp = TelemetryExport.IsConfigured(config, environment);
        services.AddOpenTelemetry()
            .WithTracing(b => TelemetryExport.ConfigureTracing(b, config, environment, otlp))
            .WithMetrics(b =>
            {
                TelemetryExport.ConfigureMetrics(b, config, environment, otlp);
                b.AddPrometheusExporter();
            });
        return services;
    }

    /// <summary>
    /// Maps <c>/metrics</c>. It declares no authorization of its own: the host's default policy applies, so on
    /// <c>errand serve</c> a scrape needs a token like every other route.
    /// </summary>
    public static IEndpointConventionBuilder MapErrandMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(Path);
}
