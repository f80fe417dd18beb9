using Npgsql;

namespace Errand.Storage.Postgres.Connections;

/// <summary>
/// Turns several writes of one kind, met side by side in a commit group, into one multi-row statement (see
/// <see cref="CommitGroup"/>): the server plans, executes and answers one statement instead of one per write.
/// </summary>
/// <typeparam name="T">What each write returns.</typeparam>
internal interface IWriteMerger<T>
{
    /// <summary>One statement doing what the writes of <paramref name="items"/> (their <see cref="PipelinedWrite{T}.Item"/>s) do, in that order.</summary>
    NpgsqlBatchCommand Command(IReadOnlyList<object> items);

    /// <summary>Each write's result, in the order of <paramref name="items"/>, from the statement's (the reader on it).</summary>
    Task<T[]> ReadAsync(NpgsqlDataReader reader, IReadOnlyList<object> items, CancellationToken cancellationToken);
}
