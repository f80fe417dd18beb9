using System.Text.Json.Nodes;
using Errand.Notifications.Rendering;

namespace Errand.Notifications.Channels.Slack;

/// <summary>
/// A Slack incoming-webhook message: <c>text</c> (the fallback notifications and old clients show) and <c>blocks</c>:
/// the status with its emoji and the linked title, the question with its options and how to answer, then the facts.
/// </summary>
internal static class SlackMessage
{
    public static JsonObject Render(Notification notification)
    {
        var payload = notification.Payload;
        var style = EventStyle.For(payload.Event);
        var title = Escape(payload.Title);
        var linked = notification.Link is { } link ? $"<{link.AbsoluteUri}|{title}>" : $"*{title}*";
        var blocks = new JsonArray { Section($"{style.SlackEmoji} *{Escape(NotificationText.Status(notification))}*: {linked}") };
        if (payload.Question is { } question)
        {
            var lines = new List<string> { $"*Question:* {Escape(question.Text)}" };
            if (question.Options.Count > 0)
            {
                lines.Add("*Options:* " + string.Join("  ", question.Options.Select(o => $"`{Escape(o)}`")));
            }

            if (question.Default is { } chosen)
            {
                lines.Add($"*Default:* `{Escape(chosen)}`");
            }

            if (question.Deadline is { } deadline)
            {
                lines.Add($"*Deadline:* {NotificationText.Time(deadline)}");
            }

            blocks.Add(Section(string.Join('\n', lines)));
            if (NotificationText.AnswerCommand(question, payload.TaskId) is { } answer)
            {
                blocks.Add(Context($"Answer with `{Escape(answer)}`"));
            }
        }

        var facts = NotificationText.Facts(notification).Where(f => f.Label != "Link").ToList();
        if (facts.Count > 0)
        {
            blocks.Add(Section(string.Join('\n', facts.Select(f => $"*{f.Label}:* {Escape(f.Value)}"))));
        }

        var fallback = $"{style.Symbol} {NotificationText.Status(notification)}: {payload.Title}"
            + (notification.Link is { } url ? $" — {url.AbsoluteUri}" : "");
        return new JsonObject { ["text"] = Escape(fallback), ["blocks"] = blocks };
    }

    // Slack's mrkdwn gives &, < and > meaning (entities, links, mentions); text from a task must not.
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);

    private static JsonObject Section(string markdown) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Limit(markdown) },
    };

    private static JsonObject Context(string markdown) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray { new JsonObject { ["type"] = "mrkdwn", ["text"] = Limit(markdown) } },
    };

    // A section's text may hold at most 3,000 characters; Slack refuses the whole message beyond that.
    private static string Limit(string text) => text.Length <= 3000 ? text : text[..2999] + "…";
}
