using System.Text.Json;

namespace Errand.Agents.Cli.Codex;

/// <summary>What a Codex checkpoint keeps: the thread, which <c>codex exec resume</c> continues.</summary>
/// <param name="ThreadId">The thread id from <c>thread.started</c>; null when the CLI never said.</param>
/// <param name="SessionFiles">The session's files packed by <see cref="CliSessionFiles"/>, so another worker can resume it; null when too large.</param>
internal sealed record CodexState(string? ThreadId, string? SessionFiles = null)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(CodexState state) => JsonSerializer.Serialize(state, Options);

    /// <summary>The state in a checkpoint, or null when it is not one of these (another agent's, or damaged).</summary>
    public static CodexState? Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CodexState>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
