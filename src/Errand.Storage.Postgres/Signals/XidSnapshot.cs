using System.Globalization;

namespace Errand.Storage.Postgres.Signals;

/// <summary>
/// A PostgreSQL snapshot (<c>pg_current_snapshot()</c>, text form <c>xmin:xmax:xip,…</c>): which transactions a
/// statement could see. A committed transaction is visible when it is below <c>xmin</c>, or below <c>xmax</c>
/// and not among the ones in progress.
/// </summary>
internal sealed class XidSnapshot
{
    private readonly ulong _xmin;
    private readonly HashSet<ulong> _inProgress;

    private XidSnapshot(ulong xmin, ulong xmax, HashSet<ulong> inProgress)
    {
        _xmin = xmin;
        Xmax = xmax;
        _inProgress = inProgress;
    }

    /// <summary>The first transaction id not yet assigned when the snapshot was taken; later snapshots have one no smaller.</summary>
    public ulong Xmax { get; }

    public static XidSnapshot Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3)
        {
            throw new FormatException($"Not a PostgreSQL snapshot: '{text}'.");
        }

        var inProgress = parts[2].Length == 0
            ? []
            : parts[2].Split(',').Select(x => ulong.Parse(x, CultureInfo.InvariantCulture)).ToHashSet();
        return new XidSnapshot(ulong.Parse(parts[0], CultureInfo.InvariantCulture), ulong.Parse(parts[1], CultureInfo.InvariantCulture), inProgress);
    }

    /// <summary>True when every transaction below <paramref name="horizon"/> had ended before this snapshot.</summary>
    public bool Settles(ulong horizon) => horizon <= _xmin;

    /// <summary>True when the committed transaction <paramref name="xid"/> had committed before this snapshot.</summary>
    public bool Sees(ulong xid) => xid < _xmin || (xid < Xmax && !_inProgress.Contains(xid));
}
