namespace Errand.Notifications.Configuration;

/// <summary>The <c>notify:</c> section of Errand's config file.</summary>
public sealed record NotifyConfig
{
    /// <summary>The default for <see cref="StuckAfter"/>.</summary>
    public static readonly TimeSpan DefaultStuckAfter = TimeSpan.FromMinutes(10);

    /// <summary>The base of links in messages (<c>{public_url}/tasks/42</c>); no links when null.</summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>Channels every task notifies, in addition to its spec's <c>notify:</c> list.</summary>
    public IReadOnlyList<string> Default { get; init; } = [];

    /// <summary>How long a running task may journal nothing before a <c>stuck</c> notification.</summary>
    public TimeSpan StuckAfter { get; init; } = DefaultStuckAfter;

    /// <summary>The configured channels by name.</summary>
    public IReadOnlyDictionary<string, ChannelConfig> Channels { get; init; } = new Dictionary<string, ChannelConfig>(StringComparer.Ordinal);

    /// <summary>Delivery attempts, backoff and parallelism.</summary>
    public DeliveryOptions Delivery { get; init; } = new();
}
