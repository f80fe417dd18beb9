using System.Globalization;

namespace Errand.Specs;

/// <summary>Parses plain whole numbers within a range, for counts such as <c>budget.steps</c> and <c>verify.attempts</c>.</summary>
internal static class WholeNumber
{
    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string text, int min, int max, out int value, out string problem)
    {
        value = 0;
        var s = text.Trim();
        var range = max == int.MaxValue
            ? $"a whole number, at least {min.ToString(CultureInfo.InvariantCulture)}"
            : $"a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        if (s.StartsWith('-') && s.Length > 1 && s[1..].All(char.IsAsciiDigit))
        {
            problem = $"cannot be negative; use {range}";
            return false;
        }

        if (s.Length == 0 || !s.All(char.IsAsciiDigit))
        {
            problem = $"is not a whole number; use {range}";
            return false;
        }

        if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            value = 0;
            problem = $"is out of range; use {range}";
            return false;
        }

        problem = "";
        return true;
    }
}
