namespace Errand.Notifications.Rendering;

/// <summary>How an event looks on every channel: its words, its symbol, its Slack emoji and ntfy tag, its urgency.</summary>
/// <param name="Label">What happened, in a few words ("succeeded", "needs your input").</param>
/// <param name="Symbol">A plain-text symbol for subjects and titles.</param>
/// <param name="SlackEmoji">A Slack emoji code.</param>
/// <param name="NtfyTag">An ntfy tag that ntfy shows as an emoji.</param>
/// <param name="Urgent">Whether a human should look now (high ntfy priority by default).</param>
internal sealed record EventStyle(string Label, string Symbol, string SlackEmoji, string NtfyTag, bool Urgent)
{
    private static readonly Dictionary<string, EventStyle> Styles = new(StringComparer.Ordinal)
    {
        [NotificationEvents.Succeeded] = new("succeeded", "✔", ":white_check_mark:", "white_check_mark", false),
        [NotificationEvents.Failed] = new("failed", "✘", ":x:", "x", true),
        [NotificationEvents.Partial] = new("stopped partway", "◐", ":large_orange_circle:", "large_orange_circle", false),
        [NotificationEvents.Cancelled] = new("cancelled", "⊘", ":no_entry_sign:", "no_entry_sign", false),
        [NotificationEvents.NeedsInput] = new("needs your input", "?", ":raising_hand:", "raising_hand", true),
        [NotificationEvents.BudgetWarning] = new("used 80% of its budget", "⚠", ":warning:", "warning", false),
        [NotificationEvents.Stuck] = new("looks stuck", "⏳", ":hourglass_flowing_sand:", "hourglass_flowing_sand", false),
        [NotificationEvents.ScheduleFinished] = new("scheduled run finished", "⏰", ":alarm_clock:", "alarm_clock", false),
        [NotificationEvents.FleetFinished] = new("fleet finished", "⚑", ":checkered_flag:", "checkered_flag", false),
        [Notification.TestEvent] = new("test notification", "✉", ":wave:", "wave", false),
    };

    /// <summary>The style of <paramref name="notificationEvent"/>; an unknown event is shown by its name.</summary>
    public static EventStyle For(string notificationEvent) =>
        Styles.TryGetValue(notificationEvent, out var style) ? style : new(notificationEvent.Replace('_', ' '), "•", ":bell:", "bell", false);
}
