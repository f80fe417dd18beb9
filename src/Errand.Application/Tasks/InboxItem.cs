using Errand.Questions;

namespace Errand.Application.Tasks;

/// <summary>A question in the inbox (also its <c>--json</c> shape).</summary>
/// <param name="TaskId">The task that asks.</param>
/// <param name="Title">Its title.</param>
/// <param name="AskedAt">When it asked.</param>
/// <param name="Question">What it asks.</param>
public sealed record InboxItem(long TaskId, string Title, DateTimeOffset AskedAt, Question Question);
