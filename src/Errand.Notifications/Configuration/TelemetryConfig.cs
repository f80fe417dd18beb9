namespace Errand.Notifications.Configuration;

/// <summary>The <c>telemetry:</c> section: where traces and metrics are exported.</summary>
public sealed record TelemetryConfig
{
    /// <summary>The OTLP collector (<c>otlp_endpoint</c>); null leaves it to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, and to no export without either.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary><c>otlp_protocol</c>: <c>grpc</c> or <c>http/protobuf</c>; null leaves it to <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (grpc without it).</summary>
    public string? OtlpProtocol { get; init; }

    /// <summary><c>service_name</c>: the <c>service.name</c> of what is exported; null leaves it to <c>OTEL_SERVICE_NAME</c>, then <c>errand</c>.</summary>
    public string? ServiceName { get; init; }
}
