using Errand.Limits;

namespace Errand.Storage;

/// <summary>
/// Concurrency limits, kept in the store so every worker on every host claims under the same ones. Claims enforce them
/// (<see cref="ITaskStore.ClaimAsync"/>): a task over a limit stays queued and starts when a slot frees; nothing is
/// rejected. Lowering a limit below what runs stops nothing: no new task of the scope starts until it is under it again.
/// </summary>
public interface ILimitStore
{
    /// <summary>Sets the limit of <paramref name="scope"/> (<see cref="LimitScopes"/>), or removes it when <paramref name="maxRunning"/> is null.</summary>
    Task SetLimitAsync(string scope, int? maxRunning, CancellationToken cancellationToken);

    /// <summary>Every limit, by scope, each with how many of its tasks run now.</summary>
    Task<IReadOnlyList<ConcurrencyLimit>> ListLimitsAsync(CancellationToken cancellationToken);
}
