using System.Text.RegularExpressions;

namespace Errand.Agents.Tools;

/// <summary>
/// Matches a shell line against a <c>command:GLOB</c> approval rule: <c>*</c> is any text, <c>?</c> one character. The
/// whole line and each command in it (split at <c>&amp;&amp;</c>, <c>||</c>, <c>;</c>, <c>|</c> and newlines) are tried, so
/// <c>git push*</c> also holds <c>cd sub &amp;&amp; git push origin</c>.
/// </summary>
internal static class CommandGlob
{
    private static readonly char[] Separators = [';', '|', '&', '\n'];

    public static bool Matches(string glob, string command)
    {
        var pattern = "^" + Regex.Escape(glob.Trim()).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        var regex = new Regex(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return regex.IsMatch(command.Trim())
            || command.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(regex.IsMatch);
    }
}
