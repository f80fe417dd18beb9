using System.Globalization;

namespace Errand.Agents.Builtin;

/// <summary>
/// Keeps the conversation inside its budget so a long task does not die at the model's context limit. The budget is
/// in tokens, measured by what the provider reported for the last call (its input, plus its reply, plus an estimate
/// of the tool results added since), or estimated from characters when the provider reports no usage. The system
/// prompt, the instruction and the recent turns are never touched. First, old tool results and long old arguments
/// (a whole file passed to <c>write_file</c>) shrink to a stub; if that is not enough, the oldest whole turns go —
/// a call and its results always together, since providers reject a result without its call.
/// </summary>
internal sealed class ConversationCompactor(long budgetTokens, int keepRecentMessages)
{
    /// <summary>The estimate when a provider reports no usage (as <see cref="Models.TurnCost.Estimate"/>).</summary>
    public const int CharsPerToken = 4;

    private const int StubThreshold = 240;
    private const int OldTextLimit = 2_000;
    private const string NotePrefix = "[Errand: ";
    private const int NoteRoom = 200;

    public static int Size(IEnumerable<ConversationMessage> messages) => messages.Sum(m => m.Size);

    /// <summary>
    /// The tokens the next call's prompt will take: the provider's count of the last prompt and its reply, plus
    /// the messages added since at four characters a token; all estimated that way when the provider gave no count.
    /// </summary>
    public static long Tokens(BuiltinState state)
    {
        if (state.Context is { Messages: var counted } reported && counted <= state.Messages.Count)
        {
            return reported.Tokens + Estimate(Size(state.Messages.Skip(counted)));
        }

        return Estimate(Size(state.Messages));
    }

    /// <summary>The compacted state, or the same instance when it is within budget.</summary>
    public BuiltinState Compact(BuiltinState state)
    {
        var tokens = Tokens(state);
        if (tokens <= budgetTokens || state.Messages.Count < 3)
        {
            return state;
        }

        // Characters are what can be cut: the budget becomes a share of them, the share the tokens must shrink by.
        // Tokens the prompt takes besides the messages (tool declarations) keep the cut on the safe side.
        var chars = Size(state.Messages);
        var budgetChars = (int)Math.Min(int.MaxValue, (double)chars * budgetTokens / tokens);
        var messages = state.Messages.ToList();
        var recent = RecentStart(messages);
        for (var i = 2; i < recent; i++)
        {
            messages[i] = Shrink(messages[i]);
        }

        var dropped = 0;
        var noteRoom = state.DroppedTurns > 0 || Size(messages) > budgetChars ? NoteRoom : 0;
        while (Size(messages) + noteRoom > budgetChars && recent > 2)
        {
            // One turn: the assistant message at index 2 and everything up to the next assistant message.
            var end = 3;
            while (end < recent && messages[end].Role != ConversationMessage.Assistant)
            {
                end++;
            }

            messages.RemoveRange(2, end - 2);
            recent -= end - 2;
            dropped++;
        }

        var total = state.DroppedTurns + dropped;
        if (total > 0)
        {
            messages[1] = WithNote(messages[1], total);
        }

        // The provider's count was of the messages before compaction; the next reply brings a new one.
        return state with { Messages = messages, DroppedTurns = total, Context = null };
    }

    /// <summary>The first message kept whole: at least <c>keepRecentMessages</c> from the end, starting at an assistant turn.</summary>
    private int RecentStart(List<ConversationMessage> messages)
    {
        var start = Math.Max(2, messages.Count - keepRecentMessages);
        while (start > 2 && messages[start].Role != ConversationMessage.Assistant)
        {
            start--;
        }

        return start;
    }

    private static long Estimate(int chars) => (chars + CharsPerToken - 1) / CharsPerToken;

    private static ConversationMessage Shrink(ConversationMessage message) => message with
    {
        Parts = [.. message.Parts.Select(part => part switch
        {
            ToolResultPart r when r.Text.Length > StubThreshold =>
                r with { Text = Invariant($"[{r.Name} result of {r.Text.Length:N0} characters removed to save context; run the tool again if you need it]") },
            ToolCallPart c when c.ArgumentsJson.Length > StubThreshold =>
                c with { ArgumentsJson = Invariant($$"""{"_elided":"{{c.ArgumentsJson.Length:N0}} characters of arguments removed to save context"}""") },
            TextPart t when message.Role == ConversationMessage.Assistant && t.Text.Length > OldTextLimit =>
                t with { Text = t.Text[..OldTextLimit] + "\n[…rest removed to save context]" },
            _ => part,
        })],
    };

    private static ConversationMessage WithNote(ConversationMessage instruction, int dropped)
    {
        var note = new TextPart(Invariant($"{NotePrefix}{dropped} earlier turn(s) were removed to keep the conversation within its budget; the files in the workspace hold the work so far.]"));
        return instruction with { Parts = [.. instruction.Parts.Where(p => p is not TextPart t || !t.Text.StartsWith(NotePrefix, StringComparison.Ordinal)), note] };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
