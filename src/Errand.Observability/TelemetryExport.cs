using Errand.Notifications.Configuration;
using Errand.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Errand.Observability;

/// <summary>
/// Composes the OpenTelemetry SDK over Errand's sources and meter: OTLP export when <c>telemetry.otlp_endpoint</c> or
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. The engine knows nothing of this; only the commands that run tasks
/// (<c>errand worker</c>, <c>errand run</c>, <c>errand serve</c>) compose it.
/// </summary>
public static class TelemetryExport
{
    /// <summary>The standard variable naming the collector.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private const string DefaultServiceName = "errand";

    /// <summary>True when an OTLP collector is configured (the config file or the standard variable).</summary>
    public static bool IsConfigured(TelemetryConfig config, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        return config.OtlpEndpoint is not null || !string.IsNullOrWhiteSpace(environment(EndpointVariable));
    }

    /// <summary>
    /// Starts exporting traces and metrics over OTLP for a command's lifetime; null when nothing is configured. Disposing
    /// the result flushes what is buffered (a short <c>errand run</c> still exports its task's trace and counters).
    /// </summary>
    public static IDisposable? Start(TelemetryConfig config, Func<string, string?> environment)
    {
        if (!IsConfigured(config, environment))
        {
            return null;
        }

        var tracing = Sdk.CreateTracerProviderBuilder();
        ConfigureTracing(tracing, config, environment, otlp: true);
        var metrics = Sdk.CreateMeterProviderBuilder();
        ConfigureMetrics(metrics, config, environment, otlp: true);
        return new Providers(tracing.Build(), metrics.Build());
    }

    /// <summary>Errand's sources, the resource, and OTLP when <paramref name="otlp"/>.</summary>
    public static void ConfigureTracing(TracerProviderBuilder builder, TelemetryConfig config, Func<string, string?> environment, bool otlp)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.SetResourceBuilder(Resource(config, environment)).AddSource([.. ErrandTelemetry.Sources]);
        if (otlp)
        {
            builder.AddOtlpExporter(o => Point(o, config, "v1/traces"));
        }
    }

    /// <summary>Errand's meter, the resource, and OTLP when <paramref name="otlp"/>.</summary>
    public static void ConfigureMetrics(MeterProviderBuilder builder, TelemetryConfig config, Func<string, string?> environment, bool otlp)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.SetResourceBuilder(Resource(config, environment)).AddMeter(ErrandTelemetry.Name);
        if (otlp)
        {
            builder.AddOtlpExporter(o => Point(o, config, "v1/metrics"));
        }
    }

    private static ResourceBuilder Resource(TelemetryConfig config, Func<string, string?> environment)
    {
        // The default builder reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES; the config file's name wins over them.
        var resource = ResourceBuilder.CreateDefault();
        var name = config.ServiceName ?? (string.IsNullOrWhiteSpace(environment("OTEL_SERVICE_NAME")) ? DefaultServiceName : null);
        return name is null ? resource : resource.AddService(name);
    }

    // The config file's endpoint is the collector's base URL, as OTEL_EXPORTER_OTLP_ENDPOINT is; the exporter uses an
    // endpoint set in code as it is, so over HTTP the signal's path is added here. Without one, the exporter reads the
    // standard variables itself.
    private static void Point(OtlpExporterOptions options, TelemetryConfig config, string signalPath)
    {
        if (config.OtlpProtocol is { } protocol)
        {
            options.Protocol = protocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        }

        if (config.OtlpEndpoint is { } endpoint)
        {
            options.Endpoint = options.Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(endpoint.ToString().TrimEnd('/') + "/" + signalPath)
                : endpoint;
        }
    }

    private sealed class Providers(TracerProvider tracing, MeterProvider metrics) : IDisposable
    {
        public void Dispose()
        {
            tracing.Dispose();
            metrics.Dispose();
        }
    }
}
