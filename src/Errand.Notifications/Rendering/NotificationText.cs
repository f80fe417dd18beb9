using System.Globalization;
using Errand.Questions;

namespace Errand.Notifications.Rendering;

/// <summary>The words every channel shows: a headline, labelled facts, and for a question how to answer it.</summary>
internal static class NotificationText
{
    /// <summary>"✔ succeeded: fix the login bug".</summary>
    public static string Headline(Notification notification)
    {
        var style = EventStyle.For(notification.Payload.Event);
        return $"{style.Symbol} {style.Label}: {notification.Payload.Title}";
    }

    /// <summary>"Task #42 succeeded" (or the schedule or fleet), for the first line of a message.</summary>
    public static string Status(Notification notification)
    {
        var payload = notification.Payload;
        var label = EventStyle.For(payload.Event).Label;
        return payload.TaskId is { } id ? $"Task #{id} {label}"
            : payload.Subject is { } subject ? $"{subject} {label}"
            : Capitalized(label);
    }

    /// <summary>The facts worth a line each, in reading order; empty ones are left out.</summary>
    public static IReadOnlyList<(string Label, string Value)> Facts(Notification notification)
    {
        var payload = notification.Payload;
        var facts = new List<(string, string)>();
        Add(facts, "Reason", payload.Reason);
        Add(facts, "Summary", payload.Summary);
        Add(facts, "State", payload.State);
        Add(facts, "Branch", payload.Branch);
        Add(facts, "Cost", payload.CostUsd is { } cost ? cost.ToString("$0.00##", CultureInfo.InvariantCulture) : null);
        Add(facts, "Link", notification.Link?.AbsoluteUri);
        return facts;
    }

    /// <summary>The question's lines: options, default and deadline, and the command that answers it.</summary>
    public static IReadOnlyList<(string Label, string Value)> QuestionFacts(Question question, long? taskId)
    {
        var facts = new List<(string, string)>();
        if (question.Options.Count > 0)
        {
            facts.Add(("Options", string.Join(", ", question.Options)));
        }

        Add(facts, "Default", question.Default);
        Add(facts, "Deadline", question.Deadline is { } deadline ? Time(deadline) + DeadlineOutcome(question) : null);
        Add(facts, "Answer with", AnswerCommand(question, taskId));
        return facts;
    }

    /// <summary>"errand answer 42 &lt;choice&gt;", or null when there is no task to answer.</summary>
    public static string? AnswerCommand(Question question, long? taskId) => taskId is { } id
        ? question.Options.Count > 0 ? $"errand answer {id} <choice>" : $"errand answer {id} \"<your answer>\""
        : null;

    /// <summary>A moment as people read it, in UTC: "2026-12-02 05:00 UTC".</summary>
    public static string Time(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The whole message as plain text (ntfy's body, the email's text part).</summary>
    public static string PlainText(Notification notification)
    {
        var lines = new List<string> { Status(notification) + ": " + notification.Payload.Title };
        if (notification.Payload.Question is { } question)
        {
            lines.Add("");
            lines.Add("Question: " + question.Text);
            lines.AddRange(QuestionFacts(question, notification.Payload.TaskId).Select(f => $"{f.Label}: {f.Value}"));
        }

        var facts = Facts(notification);
        if (facts.Count > 0)
        {
            lines.Add("");
            lines.AddRange(facts.Select(f => $"{f.Label}: {f.Value}"));
        }

        return string.Join('\n', lines);
    }

    private static string DeadlineOutcome(Question question) => question.Default is { } chosen
        ? $" (then the default, {chosen}, is taken)"
        : " (then the task fails)";

    private static void Add(List<(string, string)> facts, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            facts.Add((label, value));
        }
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
