using System.Text.Json;
using Errand.Questions;
using Errand.Specs;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Tools;

/// <summary>
/// <c>ask_human</c>: the agent asks a person. The loop does not run it like the other tools: it checkpoints, and the task
/// parks (no worker, no process) until the answer comes, hours later perhaps, and the answer is this call's result.
/// </summary>
internal static class AskHumanTool
{
    public const string ToolName = "ask_human";

    public static AIFunctionDeclaration Declaration { get; } = AIFunctionFactory.CreateDeclaration(
        ToolName,
        "Ask a human a question only they can answer (a decision, a missing fact, a preference) and wait for the answer. The task pauses until someone answers, possibly hours later, so ask only what you genuinely cannot decide yourself, and ask everything you need at once. Offer options and a default when you can: the default is taken if nobody answers in time.",
        JsonDocument.Parse("""
        {"type":"object","properties":{
          "question":{"type":"string","description":"The question, self-contained: the human has not seen your work"},
          "options":{"type":"array","items":{"type":"string"},"description":"Choices to pick from; leave out for a free-text answer"},
          "default":{"type":"string","description":"The answer to take if nobody answers in time (one of the options, if any)"},
          "timeout":{"type":"string","description":"How long to wait, e.g. 30m, 4h; default: the task's own setting"}},
         "required":["question"]}
        """).RootElement);

    /// <summary>The question a call asks, and how long it waits; a <see cref="ToolException"/> when the call is malformed.</summary>
    public static (Question Question, TimeSpan? Timeout) Read(ToolArguments arguments)
    {
        var text = arguments.String("question").Trim();
        if (text.Length == 0)
        {
            throw new ToolException("the question is empty");
        }

        var options = arguments.OptionalStrings("options").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var fallback = arguments.OptionalString("default")?.Trim();
        if (fallback is not null && options.Count > 0 && !options.Contains(fallback, StringComparer.OrdinalIgnoreCase))
        {
            throw new ToolException($"the default '{fallback}' is not one of the options ({string.Join(", ", options)})");
        }

        TimeSpan? timeout = null;
        if (arguments.OptionalString("timeout") is { } wait)
        {
            if (!DurationParser.TryParse(wait, out var parsed, out var problem))
            {
                throw new ToolException($"timeout '{wait}' {problem}; give e.g. 30m or 4h");
            }

            timeout = parsed;
        }

        return (new Question(QuestionKinds.Ask, text) { Options = options, Default = fallback }, timeout);
    }
}
