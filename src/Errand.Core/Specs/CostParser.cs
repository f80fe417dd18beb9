using System.Globalization;

namespace Errand.Specs;

/// <summary>Parses a cost in US dollars: a non-negative amount, with an optional leading <c>$</c>, e.g. <c>2.00</c> or <c>$0.50</c>.</summary>
public static class CostParser
{
    /// <summary>The accepted forms, for messages.</summary>
    public const string Forms = "an amount of US dollars, optionally with a leading $: 2, 2.50, $0.75";

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string text, out decimal value, out string problem)
    {
        value = 0;
        var s = text.Trim();
        if (s.StartsWith('$'))
        {
            s = s[1..];
        }

        if (s.StartsWith('-'))
        {
            problem = $"cannot be negative; use {Forms}";
            return false;
        }

        if (s.Length == 0 || s.Length > 20 || !char.IsAsciiDigit(s[0])
            || !decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            problem = $"is not a cost; use {Forms}";
            return false;
        }

        problem = "";
        return true;
    }
}
