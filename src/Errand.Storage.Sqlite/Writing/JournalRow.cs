namespace Errand.Storage.Sqlite.Writing;

/// <summary>A journal row waiting in a <see cref="JournalBuffer"/>.</summary>
internal readonly record struct JournalRow(long TaskId, long At, int Attempt, string Kind, string Message, string? DataJson);
