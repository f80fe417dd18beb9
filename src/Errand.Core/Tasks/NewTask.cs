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

    /// <summary>The spec's <c>name:</c>, by which other tasks may wait for this one; null when it has none.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The tasks this one waits for: it is accepted scheduled and queued when the last of them succeeds
    /// (<see cref="Storage.IDependencyStore"/>). Refs into a batch are only valid in <see cref="Storage.IDependencyStore.EnqueueBatchAsync"/>.
    /// </summary>
    public IReadOnlyList<Dependencies.Prerequisite> After { get; init; } = [];
}
