using System.Globalization;
using Errand.Questions;

namespace Errand.Cli.Output;

/// <summary>How a question reads in a terminal: the text, its numbered options, its default and its deadline.</summary>
internal static class QuestionText
{
    public static IEnumerable<string> Lines(long taskId, Question question, DateTimeOffset now)
    {
        foreach (var line in question.Text.Split('\n'))
        {
            yield return line;
        }

        if (question.Kind == QuestionKinds.Plan && question.Subject is { } plan)
        {
            yield return "plan:";
            foreach (var line in plan.Split('\n'))
            {
                yield return "  " + line;
            }
        }

        if (question.Kind == QuestionKinds.Slices && question.Subject is { } slices)
        {
            yield return "slices:";
            foreach (var line in Fleets.SliceProposals.Describe(Fleets.SliceProposals.Deserialize(slices)).Split('\n'))
            {
                yield return "  " + line;
            }
        }

        if (question.Options.Count > 0)
        {
            yield return "options: " + string.Join("  ", question.Options.Select((o, i) => $"{i + 1}) {o}"));
        }

        var waits = question.Deadline is { } deadline
            ? deadline > now ? $"times out in {Ago(deadline - now)}" : "timed out"
            : "waits until answered";
        yield return question.Default is { } d ? $"{waits}; default: {d}" : waits;
        yield return $"answer: errand answer {taskId.ToString(CultureInfo.InvariantCulture)} "
            + (question.Options.Count > 0 ? $"<{string.Join("|", question.Options)}>" : "<text>")
            + (question.Kind == QuestionKinds.Slices ? " (or your own list: one slice per line, or [a, b, c])" : "");
    }

    /// <summary>A short span: 45s, 12m, 3h05m, 2d4h.</summary>
    public static string Ago(TimeSpan span)
    {
        span = span.Duration();
        return span.TotalSeconds < 90 ? $"{span.TotalSeconds:0}s"
            : span.TotalMinutes < 90 ? $"{span.TotalMinutes:0}m"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
            : $"{(int)span.TotalDays}d{span.Hours}h";
    }
}
