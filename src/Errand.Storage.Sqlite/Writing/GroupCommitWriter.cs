using System.Threading.Channels;
using Errand.Storage.Sqlite.Connections;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Errand.Storage.Sqlite.Writing;

/// <summary>
/// The store's single writer: group commit. Callers put operations on a channel; one dedicated thread takes every
/// operation waiting (up to the batch limit), runs them in one <c>BEGIN IMMEDIATE</c> transaction, each inside its
/// own savepoint, commits once, and only then completes the callers. One fsync thus serves a whole batch, which is
/// what lets durable commits (synchronous=FULL) keep up with many concurrent callers. While a batch commits, the
/// next one gathers, so batches grow with load and an idle store commits a lone write at once.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const string Begin = "BEGIN IMMEDIATE";
    private const string Commit = "COMMIT";
    private const string Rollback = "ROLLBACK";
    private const string Savepoint = "SAVEPOINT op";
    private const string RollbackToSavepoint = "ROLLBACK TO op";
    private const string ReleaseSavepoint = "RELEASE op";

    private readonly Channel<WriteOp> _channel =
        Channel.CreateUnbounded<WriteOp>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<WriteOp> _batch = [];
    private readonly StatementCache _statements;
    private readonly WriteContext _context;
    private readonly int _maxBatch;
    private readonly int _maxBusyRetries;
    private readonly ILogger _logger;

    public GroupCommitWriter(StatementCache statements, WriteContext context, int maxBatch, int maxBusyRetries, ILogger logger)
    {
        _statements = statements;
        _context = context;
        _maxBatch = maxBatch;
        _maxBusyRetries = maxBusyRetries;
        _logger = logger;
        // A dedicated thread: the writer blocks on SQLite and on fsync, which would starve a small thread pool.
        new Thread(Run) { IsBackground = true, Name = "errand-sqlite-writer" }.Start();
    }

    public Task<T> SubmitAsync<T>(WriteOp<T> op)
    {
        if (op.CancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(op.CancellationToken);
        }

        return _channel.Writer.TryWrite(op)
            ? op.Completion
            : Task.FromException<T>(new ObjectDisposedException(nameof(SqliteStore)));
    }

    /// <summary>Stops taking writes, lets every accepted one commit, then closes the writer connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _stopped.Task;
        _statements.Dispose();
    }

    private void Run()
    {
        try
        {
            while (Gather())
            {
                RunBatch();
                _batch.Clear();
            }
        }
        catch (Exception ex)
        {
            _logger.LogCritical(ex, "The SQLite writer stopped unexpectedly");
            var error = new InvalidOperationException("The SQLite store's writer stopped.", ex);
            foreach (var op in _batch)
            {
                op.Fail(error);
            }

            _channel.Writer.TryComplete();
            while (_channel.Reader.TryRead(out var op))
            {
                op.Fail(error);
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Takes every waiting operation, up to the batch limit; blocks while there is none. False once disposed and drained.</summary>
    private bool Gather()
    {
        var reader = _channel.Reader;
        while (true)
        {
            while (_batch.Count < _maxBatch && reader.TryRead(out var op))
            {
                _batch.Add(op);
            }

            DropCancelled();
            if (_batch.Count > 0)
            {
                return true;
            }

            var more = reader.WaitToReadAsync();
            if (!(more.IsCompleted ? more.Result : more.AsTask().GetAwaiter().GetResult()))
            {
                return false;
            }
        }
    }

    private void RunBatch()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Execute(Begin);
                foreach (var op in _batch)
                {
                    RunInSavepoint(op);
                }

                // DURABILITY: COMMIT returns only once the batch's WAL frames are fsynced (synchronous=FULL), and
                // no caller is completed before this line. So when any write of the store reports "done", it
                // survives a crash or a power loss; a batch that fails to commit fails every caller in it.
                Execute(Commit);
                _context.Committed.Raise();
                break;
            }
            catch (SqliteException ex) when (IsBusy(ex) && attempt < _maxBusyRetries)
            {
                // Another process held the write lock past busy_timeout: undo and run the whole batch again.
                RollbackQuietly();
                _logger.LogWarning("Database busy (another process is writing); retrying {Count} writes ({Attempt})", _batch.Count, attempt + 1);
                DropCancelled();
                if (_batch.Count == 0)
                {
                    return;
                }

                Thread.Sleep(10 * (attempt + 1));
            }
            catch (Exception ex)
            {
                RollbackQuietly();
                _logger.LogError(ex, "A batch of {Count} writes failed to commit; none was applied", _batch.Count);
                foreach (var op in _batch)
                {
                    op.Fail(ex);
                }

                return;
            }
        }

        foreach (var op in _batch)
        {
            if (op.Error is null)
            {
                try
                {
                    op.AfterCommit(_context);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "A committed write's follow-up failed");
                }
            }

            op.Finish();
        }
    }

    private void RunInSavepoint(WriteOp op)
    {
        op.Error = null;
        _context.Journal.Clear();
        Execute(Savepoint);
        try
        {
            op.Execute(_context);
            _context.FlushJournal();
        }
        catch (Exception ex) when (!IsBusy(ex))
        {
            if (!InTransaction)
            {
                throw; // SQLite rolled the whole transaction back (I/O error, disk full): the batch fails.
            }

            // The savepoint undoes whatever this operation wrote before it failed; the others are untouched.
            Execute(RollbackToSavepoint);
            op.Error = ex;
        }

        Execute(ReleaseSavepoint);
    }

    private void DropCancelled()
    {
        for (var i = _batch.Count - 1; i >= 0; i--)
        {
            // A caller that gave up before its operation ran is told so; nothing of it is written.
            if (_batch[i].CancellationToken.IsCancellationRequested)
            {
                _batch[i].Cancel();
                _batch.RemoveAt(i);
            }
        }
    }

    private bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(_statements.Connection.Handle) == 0;

    private static bool IsBusy(Exception ex) => ex is SqliteException e && (e.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked;

    private void Execute(string sql) => _statements.Get(sql).ExecuteNonQuery();

    private void RollbackQuietly()
    {
        if (!InTransaction)
        {
            return;
        }

        try
        {
            Execute(Rollback);
        }
        catch (SqliteException ex)
        {
            _logger.LogWarning(ex, "Rolling back a failed batch failed");
        }
    }
}
