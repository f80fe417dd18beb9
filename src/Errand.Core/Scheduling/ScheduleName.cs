using System.Text.RegularExpressions;

namespace Errand.Scheduling;

/// <summary>What a schedule may be called: a short slug, so it reads well in commands, branch names and notifications.</summary>
public static partial class ScheduleName
{
    /// <summary>The rule, for messages.</summary>
    public const string Rule = "1-64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>True when <paramref name="name"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Pattern();
}
