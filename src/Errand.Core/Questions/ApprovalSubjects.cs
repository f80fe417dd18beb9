namespace Errand.Questions;

/// <summary>
/// What an approval question holds, in <see cref="Question.Subject"/>: the spec's approval rule it comes from
/// (<c>push</c>, <c>budget</c>, <c>network:HOST</c>) or the command a <c>command:GLOB</c> rule caught.
/// </summary>
public static class ApprovalSubjects
{
    /// <summary>Pushing the task branch to the spec's remote.</summary>
    public const string Push = "push";

    /// <summary>Going on past a used-up budget.</summary>
    public const string Budget = "budget";

    private const string NetworkPrefix = "network:";
    private const string CommandPrefix = "command:";

    /// <summary>The subject of a network approval for <paramref name="host"/>.</summary>
    public static string Network(string host) => NetworkPrefix + host;

    /// <summary>The subject of an approval to run <paramref name="command"/>.</summary>
    public static string Command(string command) => CommandPrefix + command;

    /// <summary>The host of a network approval's subject (or rule), or null.</summary>
    public static string? Host(string? subject) =>
        subject is not null && subject.StartsWith(NetworkPrefix, StringComparison.Ordinal) ? subject[NetworkPrefix.Length..].Trim() : null;

    /// <summary>The glob of a <c>command:GLOB</c> rule, or the command of a command approval's subject, or null.</summary>
    public static string? CommandOf(string? subject) =>
        subject is not null && subject.StartsWith(CommandPrefix, StringComparison.Ordinal) ? subject[CommandPrefix.Length..].Trim() : null;
}
