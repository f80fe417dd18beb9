namespace Errand.Notifications.Configuration;

/// <summary>Errand's config file (<c>config.yaml</c> in the data directory, or <c>$ERRAND_CONFIG</c>).</summary>
public sealed record ErrandConfig
{
    /// <summary>A config with nothing set: what a missing file means.</summary>
    public static ErrandConfig Empty { get; } = new();

    /// <summary>Notification channels, routing and delivery.</summary>
    public NotifyConfig Notify { get; init; } = new();

    /// <summary>What every worker on this host shares (the git remote for many hosts).</summary>
    public WorkersConfig Workers { get; init; } = new();

    /// <summary>Where traces and metrics are exported.</summary>
    public TelemetryConfig Telemetry { get; init; } = new();
}
