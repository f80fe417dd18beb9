namespace Errand.Specs;

/// <summary>Parses durations written as a number and a unit, largest unit first: <c>90s</c>, <c>30m</c>, <c>1h30m</c>, <c>1d</c>.</summary>
public static class DurationParser
{
    /// <summary>The accepted forms, for messages.</summary>
    public const string Forms = "a whole number and a unit (d, h, m, s), largest unit first: 90s, 30m, 1h30m, 2h, 1d";

    /// <summary>The longest duration any spec field may ask for.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(7);

    private const string Units = "dhms";

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string text, out TimeSpan value, out string problem)
    {
        value = default;
        var s = text.Trim().ToLowerInvariant();
        if (s.StartsWith('-'))
        {
            problem = $"must be more than zero; use {Forms}";
            return false;
        }

        if (s.Length > 0 && s.All(char.IsAsciiDigit))
        {
            problem = $"needs a unit: write {s}s for seconds or {s}m for minutes";
            return false;
        }

        long seconds = 0;
        var lastUnit = -1;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            // Nine digits of any unit stay far below long overflow, and far above the seven-day limit.
            if (i - start > 9)
            {
                problem = "is longer than the limit of 7 days (7d)";
                return false;
            }

            var unit = i < s.Length ? Units.IndexOf(s[i], StringComparison.Ordinal) : -1;
            if (i == start || unit < 0 || unit <= lastUnit)
            {
                problem = $"is not a duration; use {Forms}";
                return false;
            }

            seconds += long.Parse(s.AsSpan(start, i - start), provider: null) * UnitSeconds(s[i]);
            lastUnit = unit;
            i++;
        }

        if (s.Length == 0)
        {
            problem = $"is empty; use {Forms}";
            return false;
        }

        if (seconds == 0)
        {
            problem = $"must be more than zero; use {Forms}";
            return false;
        }

        if (seconds > (long)Max.TotalSeconds)
        {
            problem = "is longer than the limit of 7 days (7d)";
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        problem = "";
        return true;
    }

    private static long UnitSeconds(char unit) => unit switch
    {
        'd' => 86_400,
        'h' => 3_600,
        'm' => 60,
        _ => 1,
    };
}
