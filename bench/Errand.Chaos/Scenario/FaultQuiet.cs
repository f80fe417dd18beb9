namespace Errand.Chaos.Scenario;

/// <summary>
/// Keeps kills and pauses away from a server fault while its cost is measured: from the fault until completions run
/// again at <see cref="RecoveredShare"/> of their rate in the <see cref="Baseline"/> before it (over the last second),
/// and <see cref="After"/> more, at most <see cref="Longest"/>. A fixed quiet time let hundreds of tasks finish
/// undisturbed after each fault, and with them the share of the run kills are spread over.
/// </summary>
internal sealed class FaultQuiet
{
    public const double RecoveredShare = 0.8;
    public static readonly TimeSpan Baseline = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan After = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(10);

    private readonly List<(TimeSpan At, int Done)> _progress = [];
    private TimeSpan? _faultAt;
    private double _baseline;
    private TimeSpan? _until;

    /// <summary>Tasks ended by <paramref name="at"/> (a failed count, as while the server is down, keeps the last one).</summary>
    public void Record(TimeSpan at, int done)
    {
        _progress.Add((at, Math.Max(done, _progress.Count > 0 ? _progress[^1].Done : 0)));
        if (_faultAt is { } fault && _until is null && at - fault >= TimeSpan.FromSeconds(1)
            && DoneBy(at) - DoneBy(at - TimeSpan.FromSeconds(1)) >= RecoveredShare * _baseline)
        {
            _until = at + After;
        }
    }

    /// <summary>A fault was injected at <paramref name="at"/> (read before it: the baseline is what came before).</summary>
    public void Injected(TimeSpan at)
    {
        _baseline = (DoneBy(at) - DoneBy(at - Baseline)) / Baseline.TotalSeconds;
        _faultAt = at;
        _until = null;
    }

    public bool IsQuiet(TimeSpan now) =>
        _faultAt is { } fault && now < (_until is { } until && until < fault + Longest ? until : fault + Longest);

    private int DoneBy(TimeSpan at)
    {
        var done = 0;
        foreach (var (when, count) in _progress)
        {
            if (when > at)
            {
                break;
            }

            done = count;
        }

        return done;
    }
}
