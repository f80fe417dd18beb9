using YamlDotNet.RepresentationModel;

namespace Errand.Notifications.Configuration;

/// <summary>Binds the <c>telemetry:</c> section.</summary>
internal static class TelemetryBinder
{
    /// <summary>The OTLP protocols the exporter speaks, as the OpenTelemetry environment variables spell them.</summary>
    public static readonly string[] Protocols = ["grpc", "http/protobuf"];

    private static readonly string[] Fields = ["otlp_endpoint", "otlp_protocol", "service_name"];

    public static TelemetryConfig? Bind(YamlNode node, ConfigReader reader)
    {
        if (ConfigReader.IsNull(node))
        {
            return new TelemetryConfig();
        }

        if (reader.Mapping(node, "telemetry", Fields) is not { } entries)
        {
            return null;
        }

        var config = new TelemetryConfig();
        foreach (var (key, _, value) in entries)
        {
            switch (key)
            {
                case "otlp_endpoint":
                    config = config with { OtlpEndpoint = reader.HttpUrl(value, "telemetry.otlp_endpoint") };
                    break;
                case "otlp_protocol":
                    var protocol = reader.String(value, "telemetry.otlp_protocol", "grpc or http/protobuf");
                    if (protocol is not null && !Protocols.Contains(protocol))
                    {
                        reader.Error(value, "telemetry.otlp_protocol", $"must be grpc or http/protobuf, not '{protocol}'");
                        protocol = null;
                    }

                    config = config with { OtlpProtocol = protocol };
                    break;
                case "service_name":
                    config = config with { ServiceName = reader.String(value, "telemetry.service_name", "a name") };
                    break;
            }
        }

        return config;
    }
}
