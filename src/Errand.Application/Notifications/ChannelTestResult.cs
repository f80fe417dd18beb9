namespace Errand.Application.Notifications;

/// <summary>How a test notification through one configured channel went (<c>errand notify test</c>, <c>POST /api/notifications/test</c>).</summary>
/// <param name="Channel">The channel's name in the config file.</param>
/// <param name="Type">The channel's type (webhook, slack, ...).</param>
/// <param name="Delivered">Whether the channel accepted it.</param>
/// <param name="Error">Why not, when it did not.</param>
/// <param name="DeliveryId">The delivery id sent with it.</param>
/// <param name="ElapsedMs">How long sending took, in milliseconds.</param>
public sealed record ChannelTestResult(string Channel, string Type, bool Delivered, string? Error, string DeliveryId, long ElapsedMs);

/// <summary>
/// The channels tested, or <paramref name="NotFound"/> saying there is no channel of the name asked for, or
/// <paramref name="ConfigProblems"/> saying the config file as it is now cannot be used.
/// </summary>
/// <param name="Results">One result per channel tested, by name.</param>
/// <param name="NotFound">Why nothing was sent: no such channel (and which there are).</param>
/// <param name="ConfigProblems">Why nothing was sent: the config file's problems, each with line and field.</param>
public sealed record ChannelTestOutcome(IReadOnlyList<ChannelTestResult> Results, string? NotFound = null, string? ConfigProblems = null);
