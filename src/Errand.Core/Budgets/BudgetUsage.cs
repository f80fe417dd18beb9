using System.Globalization;
using Errand.Specs;

namespace Errand.Budgets;

/// <summary>What a task has used of its budget since it last started afresh: model turns, tokens, cost, wall time.</summary>
/// <param name="Steps">Model turns.</param>
/// <param name="InputTokens">Input tokens over all turns.</param>
/// <param name="OutputTokens">Output tokens over all turns.</param>
/// <param name="CostUsd">Cost over all turns, in US dollars.</param>
/// <param name="Time">Wall time of its runs (time queued or waiting does not count).</param>
public sealed record BudgetUsage(int Steps, long InputTokens, long OutputTokens, decimal CostUsd, TimeSpan Time)
{
    /// <summary>Nothing used.</summary>
    public static BudgetUsage None { get; } = new(0, 0, 0, 0m, TimeSpan.Zero);

    /// <summary>Input plus output tokens.</summary>
    public long Tokens => InputTokens + OutputTokens;

    /// <summary>This usage plus one model turn.</summary>
    public BudgetUsage AddTurn(long inputTokens, long outputTokens, decimal? costUsd) => this with
    {
        Steps = Steps + 1,
        InputTokens = InputTokens + inputTokens,
        OutputTokens = OutputTokens + outputTokens,
        CostUsd = CostUsd + (costUsd ?? 0m),
    };

    /// <summary>
    /// Why no more turns may start under <paramref name="budget"/>, or null while there is room. A limit reached is
    /// a limit used up: a 5-step budget allows five turns, not six.
    /// </summary>
    public string? UsedUp(BudgetSpec budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        if (budget.Steps is { } steps && Steps >= steps)
        {
            return Say($"step budget of {steps} used up ({Steps} model turns)");
        }

        if (budget.Tokens is { } tokens && Tokens >= tokens)
        {
            return Say($"token budget of {tokens:N0} used up ({Tokens:N0} tokens: {InputTokens:N0} in, {OutputTokens:N0} out)");
        }

        if (budget.Cost is { } cost && CostUsd >= cost)
        {
            return Say($"cost budget of ${cost:0.00} used up (${CostUsd:0.0000})");
        }

        return budget.Time is { } time && Time >= time ? Say($"time budget of {time} used up") : null;
    }

    /// <summary>
    /// The limits of <paramref name="budget"/> this usage has reached <paramref name="fraction"/> of (and not used up), as
    /// (limit, what it says): <c>steps</c>, <c>tokens</c>, <c>cost</c>. Time is watched by a timer, not by turns.
    /// </summary>
    public IReadOnlyList<(string Limit, string Text)> Nearing(BudgetSpec budget, double fraction)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var nearing = new List<(string, string)>();
        var percent = (int)(fraction * 100);
        if (budget.Steps is { } steps && Steps >= steps * fraction && Steps < steps)
        {
            nearing.Add((Key("steps", steps), Say($"{Steps} of {steps} steps used ({percent}% warning)")));
        }

        if (budget.Tokens is { } tokens && Tokens >= tokens * fraction && Tokens < tokens)
        {
            nearing.Add((Key("tokens", tokens), Say($"{Tokens:N0} of {tokens:N0} tokens used ({percent}% warning)")));
        }

        if (budget.Cost is { } cost && CostUsd >= cost * (decimal)fraction && CostUsd < cost)
        {
            nearing.Add((Key("cost", cost), Say($"${CostUsd:0.00} of ${cost:0.00} spent ({percent}% warning)")));
        }

        return nearing;
    }

    // The limit and its value: an extension raises the value, so a raised limit is warned about again.
    private static string Key(string limit, IFormattable value) => limit + "-" + value.ToString(null, CultureInfo.InvariantCulture);

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
