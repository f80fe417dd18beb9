namespace Errand.Notifications.Configuration;

/// <summary>How notifications are delivered: attempts, backoff, time per attempt and parallelism (<c>notify.delivery</c>).</summary>
public sealed record DeliveryOptions
{
    /// <summary>Attempts before a notification is given up (dead, retryable by hand with <c>errand notify retry</c>).</summary>
    public int MaxAttempts { get; init; } = 12;

    /// <summary>The typical wait before the second attempt; later waits grow exponentially, with jitter.</summary>
    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetry { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries in flight at once in one dispatcher.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>
    /// How long a claimed notification stays hidden from other dispatchers: twice the attempt timeout, so a live
    /// dispatcher always records its outcome first, and a dead one's claim comes back soon after.
    /// </summary>
    public TimeSpan Visibility => Timeout * 2;
}
