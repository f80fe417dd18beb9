namespace Errand.Specs;

/// <summary>The agent runtimes a spec may name.</summary>
public static class AgentNames
{
    /// <summary>Errand's own tool-using model loop.</summary>
    public const string Builtin = "builtin";

    /// <summary>The Claude Code CLI.</summary>
    public const string ClaudeCode = "claude-code";

    /// <summary>The Codex CLI.</summary>
    public const string Codex = "codex";

    /// <summary>A plain shell line; no model.</summary>
    public const string Command = "command";

    /// <summary>Another CLI agent, run from a shell line with placeholders (<see cref="CommandTemplate"/>).</summary>
    public const string CommandTemplate = "command-template";

    /// <summary>All known names.</summary>
    public static IReadOnlyList<string> All { get; } = [Builtin, ClaudeCode, Codex, Command, CommandTemplate];
}
