using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Errand.Storage.Sqlite.Signals;

/// <summary>
/// Carries this instance's work and outbox signals to the other processes on the same database file: after a commit
/// that queued work (or notifications) it rewrites a small file beside the database, and every instance watches that
/// file (inotify) and raises its own signals when another instance rang. Without it, another process's enqueue or
/// answer is seen only by the next poll; with it, within milliseconds. Best effort by design: a watcher that cannot
/// be set up, or a ring lost to a race, leaves polling as the floor, never a missed task.
/// </summary>
internal sealed class Doorbell : IDisposable
{
    private const int WorkFlag = 1;
    private const int OutboxFlag = 2;

    private readonly string _path;
    private readonly string _self = Guid.NewGuid().ToString("N");
    private readonly WorkSignal _work;
    private readonly WorkSignal _outbox;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher? _watcher;
    private int _pending;

    public Doorbell(string databasePath, WorkSignal work, WorkSignal outbox, bool listen, ILogger logger)
    {
        // A directory of its own, so the watcher hears only rings, not every write to the database and its WAL.
        var directory = databasePath + "-doorbell";
        _path = Path.Combine(directory, "ring");
        _work = work;
        _outbox = outbox;
        _logger = logger;
        if (!listen)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(directory);
            _watcher = new FileSystemWatcher(directory, "ring")
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
            };
            _watcher.Changed += (_, _) => Heard();
            _watcher.Created += (_, _) => Heard();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            _watcher?.Dispose();
            _watcher = null;
            _logger.LogDebug(ex, "No cross-process wake-ups for {Path}; other processes' work is seen by polling", databasePath);
        }
    }

    /// <summary>Work was queued here: ring for the other processes (coalesced, off the writer's thread).</summary>
    public void RingWork() => Ring(WorkFlag);

    /// <summary>Notifications were queued here.</summary>
    public void RingOutbox() => Ring(OutboxFlag);

    public void Dispose() => _watcher?.Dispose();

    private void Ring(int flag)
    {
        if (Interlocked.Or(ref _pending, flag) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => Write(), null);
        }
    }

    private void Write()
    {
        var flags = Interlocked.Exchange(ref _pending, 0);
        try
        {
            File.WriteAllText(_path, _self + ":" + flags.ToString(CultureInfo.InvariantCulture), Encoding.ASCII);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug(ex, "Could not ring {Path}", _path);
        }
    }

    private void Heard()
    {
        string text;
        try
        {
            text = File.ReadAllText(_path, Encoding.ASCII);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            text = "";
        }

        var parts = text.Split(':');
        if (parts.Length == 2 && parts[0] == _self)
        {
            return; // our own ring: this process's waiters were woken when it committed
        }

        // Torn or unreadable: wake both; a wake-up for nothing costs one empty claim.
        var flags = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : WorkFlag | OutboxFlag;
        if ((flags & WorkFlag) != 0)
        {
            _work.Raise(local: false);
        }

        if ((flags & OutboxFlag) != 0)
        {
            _outbox.Raise(local: false);
        }
    }
}
