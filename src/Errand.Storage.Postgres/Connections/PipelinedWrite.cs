using Npgsql;

namespace Errand.Storage.Postgres.Connections;

/// <summary>
/// A write given as statements, so that a group of writes can send all of theirs in one round trip (see
/// <see cref="CommitGroup"/>): the commands, how to read their results, and what must run after them on the same
/// connection and in the same transaction, if anything (rarely: a fleet's bookkeeping).
/// </summary>
internal sealed class PipelinedWrite<T>
{
    /// <summary>Fresh commands each call (a command belongs to one batch): the write may run twice, the second time alone.</summary>
    public required Func<IEnumerable<NpgsqlBatchCommand>> Commands { get; init; }

    /// <summary>Reads the results, given the reader on the first command's; moves through its other commands' own.</summary>
    public required Func<NpgsqlDataReader, CancellationToken, Task<T>> ReadAsync { get; init; }

    /// <summary>
    /// What may merge this write with its neighbours of the same kind into one statement (<see cref="IWriteMerger{T}"/>),
    /// given <see cref="Item"/>; null: it never merges. A merged write's <see cref="FollowUpAsync"/> still runs, after the batch.
    /// </summary>
    public IWriteMerger<T>? Merger { get; init; }

    /// <summary>What <see cref="Merger"/> needs to know of this write.</summary>
    public object? Item { get; init; }

    /// <summary>Runs after the commands (after every command of its group), with what they read.</summary>
    public Func<NpgsqlConnection, T, CancellationToken, Task<T>>? FollowUpAsync { get; init; }

    /// <summary>Runs the write on its own, inside whatever transaction <paramref name="connection"/> is in.</summary>
    public async Task<T> RunAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var command in Commands())
        {
            batch.BatchCommands.Add(command);
        }

        T value;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            value = await ReadAsync(reader, cancellationToken);
        }

        return FollowUpAsync is null ? value : await FollowUpAsync(connection, value, cancellationToken);
    }
}
