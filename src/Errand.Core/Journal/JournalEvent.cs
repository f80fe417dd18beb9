namespace Errand.Journal;

/// <summary>An event as the journal holds it. The journal is append-only: events are never changed or removed.</summary>
/// <param name="Seq">Store-wide, strictly increasing position; readers resume after the last one they saw.</param>
/// <param name="TaskId">The task the event belongs to.</param>
/// <param name="At">When the store appended it.</param>
/// <param name="Attempt">The task's attempt number when the event was written.</param>
/// <param name="Kind">One of <see cref="JournalKinds"/>.</param>
/// <param name="Message">A one-line human reading.</param>
/// <param name="DataJson">Structured detail as a JSON object, or null.</param>
public sealed record JournalEvent(
    long Seq, long TaskId, DateTimeOffset At, int Attempt, string Kind, string Message, string? DataJson);
