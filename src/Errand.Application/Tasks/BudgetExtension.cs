using System.Globalization;
using Errand.Specs;

namespace Errand.Application.Tasks;

/// <summary>How much more budget a partial task gets, from the texts a person typed (<c>15m</c>, <c>20</c>, <c>200k</c>, <c>1.50</c>).</summary>
public static class BudgetExtension
{
    /// <summary>
    /// Parses the amounts given; the budget to add, or null with the field at fault (<c>time</c>, <c>steps</c>,
    /// <c>tokens</c>, <c>cost</c>, or empty when none was given) and why.
    /// </summary>
    /// <param name="time">More wall time, or null.</param>
    /// <param name="steps">More model turns, or null.</param>
    /// <param name="tokens">More tokens, or null.</param>
    /// <param name="cost">More US dollars, or null.</param>
    public static (BudgetSpec? By, string Field, string Problem) Parse(string? time, string? steps, string? tokens, string? cost)
    {
        if (time is null && steps is null && tokens is null && cost is null)
        {
            return (null, "", "say what to extend: time, steps, tokens and/or cost");
        }

        var by = new BudgetSpec();
        if (time is not null)
        {
            if (!DurationParser.TryParse(time, out var value, out var why) || value <= TimeSpan.Zero)
            {
                return (null, "time", $"'{time}': {(why.Length > 0 ? why : "must be more than zero")}");
            }

            by = by with { Time = value };
        }

        if (steps is not null)
        {
            if (!int.TryParse(steps, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                return (null, "steps", $"'{steps}': a whole number of model turns, more than zero");
            }

            by = by with { Steps = value };
        }

        if (tokens is not null)
        {
            if (!TokenCountParser.TryParse(tokens, out var value, out var why) || value <= 0)
            {
                return (null, "tokens", $"'{tokens}': {(why.Length > 0 ? why : "must be more than zero")}");
            }

            by = by with { Tokens = value };
        }

        if (cost is not null)
        {
            if (!CostParser.TryParse(cost, out var value, out var why) || value <= 0)
            {
                return (null, "cost", $"'{cost}': {(why.Length > 0 ? why : "must be more than zero")}");
            }

            by = by with { Cost = value };
        }

        return (by, "", "");
    }
}
