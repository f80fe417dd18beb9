using System.Globalization;
using System.Text;
using Errand.Specs;

namespace Errand.Budgets;

/// <summary>Budgets and usage as people read them: <c>time 40m, steps 25, tokens 400k, cost $2.00</c>.</summary>
public static class BudgetText
{
    /// <summary>The limits set, or "no limits".</summary>
    public static string Describe(BudgetSpec budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var parts = new List<string>();
        if (budget.Time is { } time)
        {
            parts.Add($"time {Duration(time)}");
        }

        if (budget.Steps is { } steps)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"steps {steps}"));
        }

        if (budget.Tokens is { } tokens)
        {
            parts.Add($"tokens {Tokens(tokens)}");
        }

        if (budget.Cost is { } cost)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"cost ${cost:0.00}"));
        }

        return parts.Count == 0 ? "no limits" : string.Join(", ", parts);
    }

    /// <summary>A duration in the spec's own notation: <c>1h30m</c>, <c>45s</c>, <c>250ms</c>.</summary>
    public static string Duration(TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalMilliseconds}ms");
        }

        var text = new StringBuilder();
        void Part(long amount, char unit)
        {
            if (amount > 0)
            {
                text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }

        Part((long)value.TotalDays, 'd');
        Part(value.Hours, 'h');
        Part(value.Minutes, 'm');
        Part(value.Seconds, 's');
        return text.ToString();
    }

    /// <summary>A token count as the spec writes it: <c>400k</c>, <c>1.5M</c>, <c>950</c>.</summary>
    public static string Tokens(long value) => value switch
    {
        >= 1_000_000 when value % 100_000 == 0 => string.Create(CultureInfo.InvariantCulture, $"{value / 1_000_000m:0.#}M"),
        >= 1_000 when value % 1_000 == 0 => string.Create(CultureInfo.InvariantCulture, $"{value / 1_000}k"),
        _ => value.ToString("N0", CultureInfo.InvariantCulture),
    };
}
