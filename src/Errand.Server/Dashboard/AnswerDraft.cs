namespace Errand.Server.Dashboard;

/// <summary>An answer the server did not take (a bad edited plan or list of slices), shown again with why, so nothing typed is lost.</summary>
/// <param name="TaskId">The task it answers.</param>
/// <param name="Text">What was sent, as sent.</param>
/// <param name="Problem">Why it was not taken, as the API says it.</param>
public sealed record AnswerDraft(long TaskId, string Text, string Problem);
