using System.Globalization;
using System.Text.RegularExpressions;

namespace Errand.Application;

/// <summary>Durations as people type them (command line and API): 500ms, 15s, 10m, 2h, or combinations like 1h30m.</summary>
public static partial class CliDuration
{
    /// <summary>Parses <paramref name="text"/>; false unless it is a duration above zero.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration.</param>
    public static bool TryParse(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = TimeSpan.Zero;
        var match = Pattern().Match(text.Trim());
        if (!match.Success || match.Length == 0)
        {
            return false;
        }

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = UnitPattern().Match(part.Value);
            var amount = double.Parse(unit.Groups[1].Value, CultureInfo.InvariantCulture);
            value += unit.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }

        return value > TimeSpan.Zero;
    }

    [GeneratedRegex(@"^(?<part>\d+(?:\.\d+)?(?:ms|s|m|h|d))+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h|d)$")]
    private static partial Regex UnitPattern();
}
