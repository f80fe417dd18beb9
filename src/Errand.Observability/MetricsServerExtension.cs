using Errand.Notifications.Configuration;
using Errand.Server;
using Errand.Server.Auth;
using Errand.Tokens;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Errand.Observability;

/// <summary>
/// Telemetry on <c>errand serve</c>: Errand's traces and metrics (OTLP when configured) and Prometheus <c>/metrics</c>,
/// which needs a read token like the rest of the API: task titles never appear in it, but counts of work and spend do.
/// </summary>
/// <param name="config">The config file's <c>telemetry:</c> section.</param>
/// <param name="environment">Reads the process's environment (the <c>OTEL_*</c> variables).</param>
public sealed class MetricsServerExtension(TelemetryConfig config, Func<string, string?> environment) : IServerExtension
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services) => services.AddErrandTelemetry(config, environment);

    /// <inheritdoc />
    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapErrandMetrics().RequireScope(TokenScope.Read);
}
