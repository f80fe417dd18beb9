using Npgsql;

namespace Errand.Storage.Postgres.Connections;

/// <summary>
/// Turns several writes of one kind, met side by side in a commit group, into one multi-row statement (see
/// <see cref="CommitGroup"/>): the server plans, executes and answers one statement instead of one per write.
/// </summary>
/// <typeparam name="T">What each write returns.</typeparam>
internal interface IWriteMerger<T>
{
    /// <summary>
    /// One statement doing what the writes of <paramref name="items"/> (their <see cref="PipelinedWrite{T}.Item"/>s) do, in
    /// that order, with any statement that must follow it (fresh commands each call).
    /// </summary>
    IEnumerable<NpgsqlBatchCommand> Commands(IReadOnlyList<object> items);

    /// <summary>Each write's result, in the order of <paramref name="items"/>, given the reader on the first command's; moves through the others'.</summary>
    Task<T[]> ReadAsync(NpgsqlDataReader reader, IReadOnlyList<object> items, CancellationToken cancellationToken);
}
