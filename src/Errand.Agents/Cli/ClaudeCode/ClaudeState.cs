using System.Text.Json;

namespace Errand.Agents.Cli.ClaudeCode;

/// <summary>What a Claude Code checkpoint keeps: the CLI's session, which <c>--resume</c> continues.</summary>
/// <param name="SessionId">The session id from <c>system/init</c>; null when the CLI never said.</param>
/// <param name="SessionFiles">The session's files packed by <see cref="CliSessionFiles"/>, so another worker can resume it; null when too large.</param>
internal sealed record ClaudeState(string? SessionId, string? SessionFiles = null)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(ClaudeState state) => JsonSerializer.Serialize(state, Options);

    /// <summary>The state in a checkpoint, or null when it is not one of these (another agent's, or damaged).</summary>
    public static ClaudeState? Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ClaudeState>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
