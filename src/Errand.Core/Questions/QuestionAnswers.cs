namespace Errand.Questions;

/// <summary>The options approvals and plans offer, and how a typed answer is matched to a question's options.</summary>
public static class QuestionAnswers
{
    /// <summary>Lets the held action go ahead.</summary>
    public const string Approve = "approve";

    /// <summary>Refuses the held action; the task goes on without it.</summary>
    public const string Reject = "reject";

    /// <summary>Raises a used-up budget (a <c>budget</c> approval).</summary>
    public const string Extend = "extend";

    /// <summary>Ends the task partial, with its work kept (a <c>budget</c> approval).</summary>
    public const string Stop = "stop";

    /// <summary>
    /// The answer as the question takes it: one of its options (matched case-insensitively, or by its 1-based number),
    /// free text when it offers none — or, for a plan, an edited plan (for slices, an edited list). Null with a message when it is not an answer.
    /// </summary>
    public static (string? Answer, string? Problem) Match(Question question, string given)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = (given ?? "").Trim();
        if (text.Length == 0)
        {
            return (null, "the answer is empty");
        }

        if (question.Options.Count == 0)
        {
            return (text, null);
        }

        var exact = question.Options.FirstOrDefault(o => string.Equals(o, text, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return (exact, null);
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n >= 1 && n <= question.Options.Count)
        {
            return (question.Options[n - 1], null);
        }

        // A plan (or a fleet's slices) is approved, rejected, or replaced by the human's own version of it.
        if (question.Kind is QuestionKinds.Plan or QuestionKinds.Slices)
        {
            return (text, null);
        }

        return (null, $"'{Shorten(text)}' is not one of the options: {string.Join(", ", question.Options)}");
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
