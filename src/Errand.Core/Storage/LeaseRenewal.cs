namespace Errand.Storage;

/// <summary>What a heartbeat learned.</summary>
public enum LeaseRenewal
{
    /// <summary>The lease is extended; carry on.</summary>
    Renewed,

    /// <summary>The lease is extended, but someone asked to cancel the task: stop it.</summary>
    CancelRequested,

    /// <summary>The lease is gone (expired and reclaimed, or the task moved on): stop at once and write nothing.</summary>
    Lost,
}
