using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>Binds the fields that bring a human in before or during the work: <c>clarify</c>, <c>plan</c>, <c>questions</c>.</summary>
internal static class HumanLoopBinder
{
    private static readonly IReadOnlyList<string> QuestionFields = ["timeout", "on_timeout"];
    private static readonly IReadOnlyList<string> PlanValues = [PlanModes.Approve, PlanModes.None];
    private static readonly IReadOnlyList<string> OnTimeoutValues = [QuestionsSpec.TakeDefault, QuestionsSpec.Fail];

    public static bool? Clarify(YamlNode node, FieldReader reader)
    {
        if (reader.String(node, "clarify", "true or false") is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        reader.Context.Error(SpecCodes.BadChoice, node, "clarify",
            $"clarify '{YamlNodes.Shorten(text)}' is not true or false; 'clarify: true' lets the agent ask its questions before it starts");
        return null;
    }

    public static string? Plan(YamlNode node, FieldReader reader) =>
        Choice(node, "plan", PlanValues, "'plan: approve' makes the agent propose a plan a human approves before it changes anything", reader);

    public static QuestionsSpec Questions(YamlNode node, FieldReader reader)
    {
        var spec = new QuestionsSpec();
        foreach (var (key, value) in reader.Mapping(node, "questions", QuestionFields, "{ timeout: 4h, on_timeout: default }") ?? [])
        {
            spec = key == "timeout"
                ? spec with { Timeout = reader.Duration(value, "questions.timeout") }
                : spec with
                {
                    OnTimeout = Choice(value, "questions.on_timeout", OnTimeoutValues,
                        "'default' proceeds with the question's default option, 'fail' fails the task", reader) ?? QuestionsSpec.TakeDefault,
                };
        }

        return spec;
    }

    /// <summary>One of a few words; anything else reported with the choices and <paramref name="help"/>.</summary>
    public static string? Choice(YamlNode node, string path, IReadOnlyList<string> values, string help, FieldReader reader)
    {
        if (reader.NonEmptyString(node, path, string.Join(" or ", values)) is not { } text)
        {
            return null;
        }

        var value = text.Trim();
        if (values.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        reader.Context.Error(SpecCodes.BadChoice, node, path,
            $"{path} '{YamlNodes.Shorten(value)}' is not one of {string.Join(", ", values)}{DidYouMean.Hint(value, values)}; {help}");
        return null;
    }
}
