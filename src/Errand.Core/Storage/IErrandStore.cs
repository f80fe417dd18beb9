namespace Errand.Storage;

/// <summary>
/// The whole store contract. Nothing above the store knows which implementation it talks to; every
/// implementation passes the same compliance suite.
/// </summary>
public interface IErrandStore : ITaskStore, ILeaseStore, IJournalStore, ICheckpointStore, ITimerStore, IOutboxStore, IScheduleStore, IFleetStore, IDependencyStore, ILimitStore, ITokenStore, IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema to the newest version. Idempotent; safe from many processes.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);
}
