namespace Errand.Storage;

/// <summary>
/// The whole store contract. Nothing above the store knows which implementation it talks to; every
/// implementation passes the same compliance suite.
/// </summary>
public interface IErrandStore : ITaskStore, ILeaseStore, IJournalStore, ICheckpointStore, ITimerStore, IOutboxStore, IScheduleStore, IFleetStore, IDependencyStore, ILimitStore, ITokenStore, IKeyRingStore, IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema to the newest version. Idempotent; safe from many processes.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The installation this database is: a random id (16 lowercase hex digits) made once, when the schema was first
    /// created or upgraded, and the same for every process on the database. It keeps what two installations write to
    /// a shared place (a git remote) apart.
    /// </summary>
    Task<string> InstallationIdAsync(CancellationToken cancellationToken);
}
