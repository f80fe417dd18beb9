using System.Globalization;

namespace Errand.Specs;

/// <summary>Parses token counts: a whole number, or a number with k (thousand) or M (million), e.g. <c>400k</c>, <c>1.5M</c>.</summary>
public static class TokenCountParser
{
    /// <summary>The accepted forms, for messages.</summary>
    public const string Forms = "a whole number, or a number with k (thousands) or M (millions): 50000, 400k, 1.5M";

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string text, out long value, out string problem)
    {
        value = 0;
        var s = text.Trim().Replace("_", "", StringComparison.Ordinal);
        if (s.StartsWith('-'))
        {
            problem = $"must be more than zero; use {Forms}";
            return false;
        }

        var multiplier = s.Length == 0 ? 1m : s[^1] switch
        {
            'k' or 'K' => 1_000m,
            'm' or 'M' => 1_000_000m,
            _ => 1m,
        };
        var number = multiplier == 1m ? s : s[..^1];
        var styles = multiplier == 1m ? NumberStyles.None : NumberStyles.AllowDecimalPoint;
        if (number.Length == 0 || number.Length > 20 || !char.IsAsciiDigit(number[0])
            || !decimal.TryParse(number, styles, CultureInfo.InvariantCulture, out var amount))
        {
            problem = $"is not a token count; use {Forms}";
            return false;
        }

        var tokens = amount * multiplier;
        if (tokens <= 0)
        {
            problem = $"must be more than zero; use {Forms}";
            return false;
        }

        if (tokens != decimal.Floor(tokens))
        {
            problem = $"is not a whole number of tokens ({tokens.ToString(CultureInfo.InvariantCulture)}); use {Forms}";
            return false;
        }

        if (tokens > long.MaxValue)
        {
            problem = $"is too large; use {Forms}";
            return false;
        }

        value = (long)tokens;
        problem = "";
        return true;
    }
}
