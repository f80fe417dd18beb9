namespace Errand.Notifications.Configuration;

/// <summary>One problem in Errand's config file, at the line and column where it was written.</summary>
/// <param name="File">The file's path as the user gave or knows it.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Field">The dotted path of the field (<c>notify.channels.team-slack.type</c>), or null for the file as a whole.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record ConfigError(string File, int Line, int Column, string? Field, string Message)
{
    /// <summary>The compiler-style form: <c>config.yaml:12:5: notify.channels.hook.type: ...</c>.</summary>
    public override string ToString() => Field is null
        ? $"{File}:{Line}:{Column}: {Message}"
        : $"{File}:{Line}:{Column}: {Field}: {Message}";
}
