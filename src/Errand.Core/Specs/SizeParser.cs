using System.Globalization;

namespace Errand.Specs;

/// <summary>Parses sizes in bytes: a byte count, or a number with k, m, g or t (powers of 1024), e.g. <c>512m</c>, <c>2g</c>, <c>1.5GiB</c>.</summary>
internal static class SizeParser
{
    /// <summary>The accepted forms, for messages.</summary>
    public const string Forms = "a number of bytes, or a number with k, m, g or t (powers of 1024): 1048576, 512m, 2g, 1.5GiB";

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string text, out long value, out string problem)
    {
        value = 0;
        var s = text.Trim().ToLowerInvariant();
        if (s.StartsWith('-'))
        {
            problem = $"must be more than zero; use {Forms}";
            return false;
        }

        if (s.EndsWith("ib", StringComparison.Ordinal))
        {
            s = s[..^2];
        }
        else if (s.EndsWith('b'))
        {
            s = s[..^1];
        }

        var multiplier = s.Length == 0 ? 1m : s[^1] switch
        {
            'k' => 1024m,
            'm' => 1024m * 1024,
            'g' => 1024m * 1024 * 1024,
            't' => 1024m * 1024 * 1024 * 1024,
            _ => 1m,
        };
        var number = multiplier == 1m ? s : s[..^1];
        var styles = multiplier == 1m ? NumberStyles.None : NumberStyles.AllowDecimalPoint;
        if (number.Length == 0 || number.Length > 20 || !char.IsAsciiDigit(number[0])
            || !decimal.TryParse(number, styles, CultureInfo.InvariantCulture, out var amount))
        {
            problem = $"is not a size; use {Forms}";
            return false;
        }

        var bytes = decimal.Floor(amount * multiplier);
        if (bytes <= 0)
        {
            problem = $"must be more than zero; use {Forms}";
            return false;
        }

        if (bytes > long.MaxValue)
        {
            problem = $"is too large; use {Forms}";
            return false;
        }

        value = (long)bytes;
        problem = "";
        return true;
    }
}
