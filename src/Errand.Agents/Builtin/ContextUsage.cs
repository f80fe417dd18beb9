namespace Errand.Agents.Builtin;

/// <summary>
/// The provider's own count of the conversation's start: the last model call's input tokens plus its reply's output
/// tokens, which together are the first <paramref name="Messages"/> messages as the model reads them.
/// </summary>
/// <param name="Tokens">Input tokens of the last call plus output tokens of its reply, as the provider reported them.</param>
/// <param name="Messages">How many messages (the prompt sent, and the reply) those tokens cover.</param>
internal sealed record ContextUsage(long Tokens, int Messages);
