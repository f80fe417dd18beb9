using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Errand.Storage.Postgres.Connections;

/// <summary>
/// Group commit: writes that arrive while others are in flight run together in one transaction, so many of them
/// share one commit — one WAL flush, the cost that bounds a durable server's commits per second — instead of each
/// paying its own. A write alone is not held back: it starts at once, as a group of one.
/// </summary>
/// <remarks>
/// DURABILITY: a caller hears "done" only after the group's COMMIT has returned. A group that fails before its
/// COMMIT was sent committed nothing, so each of its writes runs again alone (in its own transaction, with its own
/// retries) and answers for itself: one bad write, or a deadlock between two groups, costs the others a second
/// try, never their work. A group whose COMMIT got no answer may or may not have committed: writes that can tell
/// (<c>repeatable</c>: they carry the call's id and find their earlier commit) run again alone; the others report
/// the failure, as a lone write whose answer was lost does.
/// <para>
/// With <c>pipeline</c>, the statements of a group's writes given as <see cref="PipelinedWrite{T}"/> go to the server in
/// one batch (one round trip) instead of one round trip each; they still run one after the other, in the same order,
/// each with its own snapshot, as if sent apart — except that neighbours of one kind with a merger (enqueues, transitions) become one
/// multi-row statement (<see cref="IWriteMerger{T}"/>).
/// </para>
/// </remarks>
internal sealed class CommitGroup : IAsyncDisposable
{
    // Enough to amortise a commit; small enough that one group's row locks are not held for long.
    private const int MaxGroup = 64;

    // Groups in flight at once: while they run, the writes arriving meanwhile gather into the next ones.
    private const int MaxInFlight = 4;

    private const int MaxDeadlockTries = 5;

    private readonly Database _db;
    private readonly bool _pipeline;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private readonly Task _loop;

    public CommitGroup(Database db, bool pipeline, ILogger logger)
    {
        _db = db;
        _pipeline = pipeline;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside a transaction shared with other writes, and returns its result once that
    /// transaction committed. <paramref name="work"/> must not begin or end a transaction, and may run twice (the
    /// second time alone) if its group fails.
    /// </summary>
    /// <param name="work">The write.</param>
    /// <param name="repeatable">Whether it can tell its own earlier commit after a lost answer.</param>
    /// <param name="lockKey">The task whose row it locks first, if any: a group runs its writes in this order.</param>
    /// <param name="cancellationToken">Gives up the wait, not the write.</param>
    public Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, bool repeatable, long? lockKey, CancellationToken cancellationToken) =>
        EnqueueAsync(new Pending<T>(work, null, repeatable, lockKey), cancellationToken);

    /// <summary>As the other overload, for a write whose statements may share a round trip with the group's others.</summary>
    public Task<T> RunAsync<T>(PipelinedWrite<T> write, bool repeatable, long? lockKey, CancellationToken cancellationToken) =>
        EnqueueAsync(new Pending<T>(write.RunAsync, write, repeatable, lockKey), cancellationToken);

    private async Task<T> EnqueueAsync<T>(Pending<T> pending, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(CommitGroup));
        }

        // The write goes on once handed over (its group commits or fails as a whole); only the wait is given up.
        return await pending.Result.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        // Groups still in flight finish (their callers are waiting on them) before the connections close.
        for (var i = 0; i < MaxInFlight; i++)
        {
            await _slots.WaitAsync();
        }

        _slots.Dispose();
    }

    /// <summary>Runs one write alone, in its own transaction, with the store's usual retries when it is repeatable.</summary>
    public static async Task<T> AloneAsync<T>(Database db, Func<NpgsqlConnection, CancellationToken, Task<T>> work, bool repeatable, CancellationToken cancellationToken)
    {
        async Task<T> InTransactionAsync(NpgsqlConnection connection, CancellationToken token)
        {
            await using var transaction = await connection.BeginTransactionAsync(token);
            var result = await work(connection, token);
            await transaction.CommitAsync(token);
            return result;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return repeatable ? await db.RetryingAsync(InTransactionAsync, cancellationToken) : await db.OnceAsync(InTransactionAsync, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxDeadlockTries)
            {
                // Chosen as a deadlock's victim (a lock queue shared with groups in flight): rolled back, so trying
                // again is safe even for a write that could not otherwise be repeated.
            }
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            await _slots.WaitAsync();
            var group = new List<Pending>();
            while (group.Count < MaxGroup && reader.TryRead(out var next))
            {
                group.Add(next);
            }

            if (group.Count == 0)
            {
                _slots.Release();
                continue;
            }

            _ = RunGroupAsync(group).ContinueWith(_ => _slots.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task RunGroupAsync(List<Pending> group)
    {
        if (group.Count == 1)
        {
            await group[0].RunAloneAsync(this);
            return;
        }

        var commitSent = false;
        try
        {
            await _db.OnceAsync(async (connection, token) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(token);
                // Every group takes task rows in ascending order, so two groups in flight cannot wait on each other
                // for them (the same task's writes keep their order of arrival: the sort is stable).
                var ordered = group.OrderBy(p => p.LockKey ?? long.MinValue).ToList();
                for (var i = 0; i < ordered.Count;)
                {
                    var run = _pipeline ? ordered.Skip(i).TakeWhile(p => p.Pipelined).ToList() : [];
                    if (run.Count == 0)
                    {
                        await ordered[i++].ExecuteAsync(connection, token);
                        continue;
                    }

                    await PipelineAsync(connection, run, token);
                    i += run.Count;
                }

                commitSent = true;
                await transaction.CommitAsync(token);
                return true;
            }, CancellationToken.None);
        }
        catch (Exception ex)
        {
            var unknown = commitSent && Transient.Is(ex);
            _logger.LogDebug("A group of {Count} writes failed ({Error}); each runs again alone", group.Count, ex.Message);
            // In parallel: one of them waiting on a row lock must not hold up the rest.
            await Task.WhenAll(group.Select(pending => unknown && !pending.Repeatable ? FailAsync(pending, ex) : pending.RunAloneAsync(this)));
            return;
        }

        foreach (var pending in group)
        {
            pending.Complete();
        }
    }

    /// <summary>
    /// Sends the statements of <paramref name="run"/> in one batch and hands each write its results, then runs their
    /// follow-ups: every task row the batch locks is taken (in order) before any follow-up's lock.
    /// </summary>
    private static async Task PipelineAsync(NpgsqlConnection connection, List<Pending> run, CancellationToken cancellationToken)
    {
        var segments = Segments(run);
        await using (var batch = new NpgsqlBatch(connection))
        {
            foreach (var segment in segments)
            {
                if (segment.Count == 1)
                {
                    segment[0].AddTo(batch);
                }
                else
                {
                    segment[0].AddMergedTo(batch, segment);
                }
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            for (var i = 0; i < segments.Count; i++)
            {
                if (i > 0)
                {
                    await reader.NextResultAsync(cancellationToken);
                }

                if (segments[i].Count == 1)
                {
                    await segments[i][0].ReadAsync(reader, cancellationToken);
                }
                else
                {
                    await segments[i][0].ReadMergedAsync(reader, segments[i], cancellationToken);
                }
            }
        }

        foreach (var pending in run)
        {
            await pending.FollowUpAsync(connection, cancellationToken);
        }
    }

    /// <summary>
    /// The run cut where the merger changes: neighbours with one merger become one statement, the rest one each. Two
    /// writes to one task never share a statement (the second must see the first's change, and one statement cannot
    /// update a row twice): the run is sorted by task, so the second starts the next segment.
    /// </summary>
    private static List<List<Pending>> Segments(List<Pending> run)
    {
        var segments = new List<List<Pending>>();
        foreach (var pending in run)
        {
            if (pending.Merger is { } merger && segments.Count > 0 && ReferenceEquals(segments[^1][0].Merger, merger)
                && (pending.LockKey is null || pending.LockKey != segments[^1][^1].LockKey))
            {
                segments[^1].Add(pending);
            }
            else
            {
                segments.Add([pending]);
            }
        }

        return segments;
    }

    private static Task FailAsync(Pending pending, Exception exception)
    {
        pending.Fail(exception);
        return Task.CompletedTask;
    }

    private abstract class Pending(bool repeatable, long? lockKey)
    {
        public bool Repeatable { get; } = repeatable;

        public long? LockKey { get; } = lockKey;

        public abstract bool Pipelined { get; }

        public abstract object? Merger { get; }

        public abstract Task ExecuteAsync(NpgsqlConnection connection, CancellationToken cancellationToken);

        public abstract void AddTo(NpgsqlBatch batch);

        public abstract Task ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken);

        /// <summary>Adds one statement for every write of <paramref name="segment"/> (this one first; all share its merger).</summary>
        public abstract void AddMergedTo(NpgsqlBatch batch, List<Pending> segment);

        /// <summary>Reads that statement's results into every write of <paramref name="segment"/>.</summary>
        public abstract Task ReadMergedAsync(NpgsqlDataReader reader, List<Pending> segment, CancellationToken cancellationToken);

        public abstract Task FollowUpAsync(NpgsqlConnection connection, CancellationToken cancellationToken);

        public abstract Task RunAloneAsync(CommitGroup group);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class Pending<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, PipelinedWrite<T>? write, bool repeatable, long? lockKey)
        : Pending(repeatable, lockKey)
    {
        private T _value = default!;

        public TaskCompletionSource<T> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool Pipelined => write is not null;

        public override object? Merger => write?.Merger;

        private PipelinedWrite<T>? Write => write;

        public override void AddMergedTo(NpgsqlBatch batch, List<Pending> segment)
        {
            foreach (var command in write!.Merger!.Commands(Items(segment)))
            {
                batch.BatchCommands.Add(command);
            }
        }

        public override async Task ReadMergedAsync(NpgsqlDataReader reader, List<Pending> segment, CancellationToken cancellationToken)
        {
            var values = await write!.Merger!.ReadAsync(reader, Items(segment), cancellationToken);
            for (var i = 0; i < segment.Count; i++)
            {
                ((Pending<T>)segment[i])._value = values[i];
            }
        }

        public override async Task ExecuteAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
            _value = await work(connection, cancellationToken);

        public override void AddTo(NpgsqlBatch batch)
        {
            foreach (var command in write!.Commands())
            {
                batch.BatchCommands.Add(command);
            }
        }

        public override async Task ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
            _value = await write!.ReadAsync(reader, cancellationToken);

        public override async Task FollowUpAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
        {
            if (write!.FollowUpAsync is { } followUp)
            {
                _value = await followUp(connection, _value, cancellationToken);
            }
        }

        public override async Task RunAloneAsync(CommitGroup group)
        {
            try
            {
                Result.TrySetResult(await AloneAsync(group._db, work, Repeatable, CancellationToken.None));
            }
            catch (Exception ex)
            {
                Result.TrySetException(ex);
            }
        }

        public override void Complete() => Result.TrySetResult(_value);

        // Writes with one merger are of one kind, so of one T.
        private static object[] Items(List<Pending> segment) => [.. segment.Select(p => ((Pending<T>)p).Write!.Item!)];

        public override void Fail(Exception exception) => Result.TrySetException(exception);
    }
}
