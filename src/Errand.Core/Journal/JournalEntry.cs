namespace Errand.Journal;

/// <summary>An event to append to a task's journal.</summary>
/// <param name="Kind">One of <see cref="JournalKinds"/>.</param>
/// <param name="Message">A one-line human reading of the event.</param>
/// <param name="DataJson">Structured detail as a JSON object, or null.</param>
public sealed record JournalEntry(string Kind, string Message, string? DataJson = null);
