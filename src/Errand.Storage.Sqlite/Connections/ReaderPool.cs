using System.Collections.Concurrent;

namespace Errand.Storage.Sqlite.Connections;

/// <summary>
/// A few read connections, each with its own prepared statements. WAL lets them read while the writer commits;
/// each statement sees the newest committed data when it starts.
/// </summary>
internal sealed class ReaderPool(SqliteConnectionFactory factory, int maxIdle) : IDisposable
{
    private readonly ConcurrentBag<StatementCache> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    public T Read<T>(Func<StatementCache, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var reader = Rent();
        var healthy = false;
        try
        {
            var result = read(reader);
            healthy = true;
            return result;
        }
        finally
        {
            if (healthy)
            {
                Return(reader);
            }
            else
            {
                reader.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private StatementCache Rent()
    {
        if (_idle.TryTake(out var reader))
        {
            Interlocked.Decrement(ref _idleCount);
            return reader;
        }

        return new StatementCache(factory.OpenReader());
    }

    private void Return(StatementCache reader)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > maxIdle)
        {
            if (!_disposed)
            {
                Interlocked.Decrement(ref _idleCount);
            }

            reader.Dispose();
            return;
        }

        _idle.Add(reader);
        if (_disposed && _idle.TryTake(out var late))
        {
            late.Dispose();
        }
    }
}
