namespace Errand.Agents.Builtin;

/// <summary>Limits of the builtin agent's loop and tools; validated once when the runtime is made.</summary>
public sealed record BuiltinAgentOptions
{
    /// <summary>A tool result longer than this is cut (head and tail kept, with a note saying how much went).</summary>
    public int MaxToolOutputChars { get; init; } = 16_000;

    /// <summary>
    /// The context window in tokens of a model <c>models.yaml</c> gives none for (<c>context_windows:</c>). Many current
    /// models hold more; this is a size most share.
    /// </summary>
    public int ContextWindowTokens { get; init; } = 128_000;

    /// <summary>
    /// The share of the model's context window a prompt may take before old turns are compacted, leaving the rest for
    /// the reply and the turn's tool results. The prompt is measured by the input tokens the provider reported for the
    /// last call, or estimated at four characters a token when it reports none.
    /// </summary>
    public double CompactAt { get; init; } = 0.75;

    /// <summary>Messages at the end of the conversation that compaction never touches.</summary>
    public int KeepRecentMessages { get; init; } = 12;

    /// <summary>A <c>run_command</c> without its own timeout is killed after this long.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest timeout a <c>run_command</c> may ask for.</summary>
    public TimeSpan MaxCommandTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>A safety net for specs without a step budget: the run fails after this many model turns.</summary>
    public int MaxTurns { get; init; } = 500;

    /// <summary>Replies in a row with no tool call before the run fails (each one is answered with a nudge).</summary>
    public int MaxIdleTurns { get; init; } = 3;

    /// <summary>Lines <c>read_file</c> returns at most in one call.</summary>
    public int MaxReadLines { get; init; } = 2_000;

    /// <summary>Matches <c>search_text</c> and entries <c>list_files</c> return at most.</summary>
    public int MaxListResults { get; init; } = 200;

    /// <summary>Use the provider's streaming API (the default; the reply is the same either way).</summary>
    public bool Stream { get; init; } = true;

    /// <summary>The prompt size in tokens past which old turns are compacted, for a model of <paramref name="contextWindow"/> tokens (null: the default).</summary>
    public long ContextBudgetTokens(int? contextWindow = null) => (long)((contextWindow ?? ContextWindowTokens) * CompactAt);

    /// <summary>Returns this instance, or throws <see cref="ArgumentException"/> saying which limit is wrong.</summary>
    public BuiltinAgentOptions Validated()
    {
        Check(MaxToolOutputChars >= 200, "max tool output must be at least 200 characters");
        Check(CompactAt is > 0 and <= 1, "compact at must be a share of the context window, above 0 and at most 1");
        Check(ContextBudgetTokens() * ConversationCompactor.CharsPerToken >= 4L * MaxToolOutputChars, "the context budget (context window × compact at) must hold at least four full tool outputs");
        Check(KeepRecentMessages >= 2, "compaction must keep at least the last two messages");
        Check(CommandTimeout > TimeSpan.Zero && MaxCommandTimeout >= CommandTimeout, "command timeouts must be positive, the maximum not below the default");
        Check(MaxTurns > 0 && MaxIdleTurns > 0 && MaxReadLines > 0 && MaxListResults > 0, "turn, read and list limits must be positive");
        return this;
    }

    private static void Check(bool ok, string problem)
    {
        if (!ok)
        {
            throw new ArgumentException($"builtin agent options: {problem}");
        }
    }
}
