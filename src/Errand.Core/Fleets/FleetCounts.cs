namespace Errand.Fleets;

/// <summary>How many of a fleet's slices are in each state.</summary>
public sealed record FleetCounts
{
    /// <summary>Not released yet.</summary>
    public int Pending { get; init; }

    /// <summary>Released as tasks that have not ended (queued, running or parked).</summary>
    public int Released { get; init; }

    /// <summary>Ended green.</summary>
    public int Succeeded { get; init; }

    /// <summary>Ended failed.</summary>
    public int Failed { get; init; }

    /// <summary>Ended partial, cancelled, or skipped by the failure policy.</summary>
    public int Other { get; init; }

    /// <summary>Every slice.</summary>
    public int Total => Pending + Released + Succeeded + Failed + Other;

    /// <summary>The slices that ended, however.</summary>
    public int Ended => Succeeded + Failed + Other;

    /// <summary>These counts with <paramref name="count"/> more slices in <paramref name="state"/>.</summary>
    public FleetCounts Add(SliceState state, int count) => state switch
    {
        SliceState.Pending => this with { Pending = Pending + count },
        SliceState.Released => this with { Released = Released + count },
        SliceState.Succeeded => this with { Succeeded = Succeeded + count },
        SliceState.Failed => this with { Failed = Failed + count },
        _ => this with { Other = Other + count },
    };
}
