namespace Errand.Storage;

/// <summary>Whether a tick was decided by this call.</summary>
public enum TickStatus
{
    /// <summary>Decided now: see the tick's outcome.</summary>
    Decided,

    /// <summary>The tick (or a later one) was already decided, by this or another scheduler; nothing was written.</summary>
    AlreadyDecided,

    /// <summary>The schedule is paused; nothing was written.</summary>
    Paused,

    /// <summary>No such schedule.</summary>
    NotFound,
}
