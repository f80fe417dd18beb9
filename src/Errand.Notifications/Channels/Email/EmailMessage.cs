using System.Net;
using System.Text;
using Errand.Notifications.Configuration;
using Errand.Notifications.Rendering;
using MimeKit;

namespace Errand.Notifications.Channels.Email;

/// <summary>
/// The email: a subject like <c>[errand] ✔ succeeded: title</c>, text and HTML parts (multipart/alternative), and a
/// Message-ID derived from the delivery id, so a retried delivery is the same message to the receiving side.
/// </summary>
internal static class EmailMessage
{
    public static MimeMessage Render(Notification notification, EmailChannelConfig config)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(config.From));
        foreach (var to in config.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = "[errand] " + NotificationText.Headline(notification);
        message.MessageId = MessageId(notification.DeliveryId);
        message.Date = notification.Payload.At;
        message.Headers.Add("X-Errand-Delivery", notification.DeliveryId);
        message.Headers.Add("X-Errand-Event", notification.Payload.Event);
        var body = new BodyBuilder { TextBody = NotificationText.PlainText(notification) + "\n", HtmlBody = Html(notification) };
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>The delivery id as a Message-ID's left part (characters outside atext become '-'), at <c>errand</c>.</summary>
    public static string MessageId(string deliveryId)
    {
        var local = new StringBuilder(deliveryId.Length);
        foreach (var c in deliveryId)
        {
            local.Append(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c) ? c : '-');
        }

        return local.ToString().Trim('.') + "@errand";
    }

    private static string Html(Notification notification)
    {
        var payload = notification.Payload;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family: sans-serif\">");
        var title = Encode(payload.Title);
        var linked = notification.Link is { } link ? $"<a href=\"{Encode(link.AbsoluteUri)}\">{title}</a>" : title;
        html.Append($"<h2>{Encode(EventStyle.For(payload.Event).Symbol)} {Encode(NotificationText.Status(notification))}: {linked}</h2>");
        if (payload.Question is { } question)
        {
            html.Append($"<p><strong>Question:</strong> {Encode(question.Text)}</p>");
            AppendTable(html, NotificationText.QuestionFacts(question, payload.TaskId));
        }

        AppendTable(html, NotificationText.Facts(notification));
        html.Append($"<p style=\"color: #888\">delivery {Encode(notification.DeliveryId)}</p></body></html>");
        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, IReadOnlyList<(string Label, string Value)> facts)
    {
        if (facts.Count == 0)
        {
            return;
        }

        html.Append("<table>");
        foreach (var (label, value) in facts)
        {
            var cell = label == "Link" ? $"<a href=\"{Encode(value)}\">{Encode(value)}</a>"
                : label == "Answer with" ? $"<code>{Encode(value)}</code>"
                : Encode(value);
            html.Append($"<tr><th align=\"left\" valign=\"top\">{Encode(label)}</th><td>{cell}</td></tr>");
        }

        html.Append("</table>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
