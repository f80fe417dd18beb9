using Errand.Agents.Models;

namespace Errand.Agents.Cli;

/// <summary>How the CLI agents (Claude Code, Codex, command templates) are found and reach their models.</summary>
public sealed record CliAgentOptions
{
    /// <summary>Endpoints, keys and prices: the same configuration the builtin agent uses.</summary>
    public ModelOptions Models { get; init; } = new();

    /// <summary>
    /// Where the CLIs are installed: a folder holding <c>node_modules/.bin/claude</c> and <c>codex</c>
    /// (<c>scripts/install-test-deps.sh</c> fills <c>.tools/npm</c>). Null: the nearest <c>.tools/npm</c> above the
    /// running program, then PATH.
    /// </summary>
    public string? ToolsDirectory { get; init; }

    /// <summary>The <c>claude</c> executable; overrides <see cref="ToolsDirectory"/>.</summary>
    public string? ClaudeExecutable { get; init; }

    /// <summary>The <c>codex</c> executable; overrides <see cref="ToolsDirectory"/>.</summary>
    public string? CodexExecutable { get; init; }

    /// <summary>
    /// Where each task keeps the CLI's own state between runs (Claude Code's session files, Codex's home), so a
    /// verify round, a resume or a follow-up continues the same session. One folder per task below it.
    /// </summary>
    public string StateDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "errand-agent-state");

    /// <summary>The most one CLI run may take.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>The clock the model-call and tool-call spans are timed with.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Reads <c>ERRAND_AGENT_TOOLS</c>, <c>ERRAND_CLAUDE</c> and <c>ERRAND_CODEX</c> on top of the model options.</summary>
    public static CliAgentOptions FromEnvironment(Func<string, string?> variable, ModelOptions models, string stateDirectory) => new()
    {
        Models = models,
        ToolsDirectory = Blank(variable("ERRAND_AGENT_TOOLS")),
        ClaudeExecutable = Blank(variable("ERRAND_CLAUDE")),
        CodexExecutable = Blank(variable("ERRAND_CODEX")),
        StateDirectory = stateDirectory,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
