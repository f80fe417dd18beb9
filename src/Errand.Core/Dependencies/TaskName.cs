using System.Text.RegularExpressions;

namespace Errand.Dependencies;

/// <summary>
/// What a task may be called (<c>name:</c> in its spec), so another task can wait for it (<c>after: [name]</c>): a short
/// slug that cannot be mistaken for a task id.
/// </summary>
public static partial class TaskName
{
    /// <summary>The rule, for messages.</summary>
    public const string Rule = "1-64 characters: letters, digits, '.', '_' or '-', starting with a letter";

    /// <summary>True when <paramref name="name"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    // A leading letter keeps a name apart from an id ("12" or "#12") in after: lists.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Pattern();
}
