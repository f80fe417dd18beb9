using Errand.Notifications.Configuration;
using Errand.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Errand.Notifications.Dispatching;

/// <summary>How a <see cref="NotificationDispatcher"/> runs.</summary>
public sealed record DispatcherOptions
{
    /// <summary>Attempts, backoff, per-attempt timeout and parallelism (from <c>notify.delivery</c>).</summary>
    public DeliveryOptions Delivery { get; init; } = new();

    /// <summary>
    /// How often to look for notifications other processes wrote; this process's own wake the dispatcher at once.
    /// Also bounds how late a retry goes out after its time.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>On stop, how long deliveries in flight may finish before they are interrupted (and due again at once).</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for retry times and attempt deadlines.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where deliveries and failures are logged (never a secret: errors are redacted by the channels).</summary>
    public ILoggerFactory Logging { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Where deliveries and failures are counted.</summary>
    public ErrandMetrics Metrics { get; init; } = ErrandMetrics.Shared;

    /// <summary>Throws <see cref="ArgumentException"/> for values the dispatcher cannot run with.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Delivery.Parallelism, 1, nameof(Delivery.Parallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(Delivery.MaxAttempts, 1, nameof(Delivery.MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Delivery.Timeout, TimeSpan.Zero, nameof(Delivery.Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(StopTimeout, TimeSpan.Zero, nameof(StopTimeout));
    }
}
