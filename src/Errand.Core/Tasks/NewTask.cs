namespace Errand.Tasks;

/// <summary>What a submitter hands the store to accept a task.</summary>
/// <param name="Title">The spec's title.</param>
/// <param name="SpecJson">The normalized spec as JSON.</param>
public sealed record NewTask(string Title, string SpecJson)
{
    /// <summary>The most claims before a task that keeps losing its worker is failed.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Journal entries written in the same transaction as the insert, after the store's own <c>submitted</c> event.</summary>
    public IReadOnlyList<Journal.JournalEntry> Events { get; init; } = [];
}
