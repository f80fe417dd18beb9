namespace Errand.Notifications.Channels;

/// <summary>How one delivery attempt went.</summary>
/// <param name="Delivered">The receiver accepted it.</param>
/// <param name="Error">Why not, with no secret in it; null when delivered.</param>
/// <param name="Permanent">Trying again cannot help until a person fixes something (a missing secret or channel).</param>
public sealed record DeliveryResult(bool Delivered, string? Error, bool Permanent)
{
    /// <summary>Accepted.</summary>
    public static DeliveryResult Success { get; } = new(true, null, false);

    /// <summary>Failed; worth trying again later.</summary>
    public static DeliveryResult Failed(string error) => new(false, error, false);

    /// <summary>Failed; not worth trying again until a person acts.</summary>
    public static DeliveryResult Broken(string error) => new(false, error, true);
}
