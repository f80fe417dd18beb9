using Errand.Application.Notifications;
using Errand.Engine.Secrets;
using Errand.Engine.Tasks;
using Errand.Server.Auth;
using Errand.Storage;
using Errand.Workspaces;
using Microsoft.Extensions.Logging;

namespace Errand.Server.Hosting;

/// <summary>What the API serves from: the same store, transitions, clock and logging as the workers in the process.</summary>
/// <param name="Store">The store.</param>
/// <param name="Transitions">The one place task states change (with their notifications routed).</param>
/// <param name="Time">The clock.</param>
/// <param name="Logging">Logging.</param>
public sealed record ServerServices(IErrandStore Store, TaskTransitions Transitions, TimeProvider Time, ILoggerFactory Logging)
{
    /// <summary>The secrets Errand holds, names and when they were set (values are never read by the server), or null when there is no secret store.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<SecretInfo>>>? Secrets { get; init; }

    /// <summary>
    /// Sends a test notification through the configured channel named (every one when null) now, or null when this
    /// server sends no notifications.
    /// </summary>
    public Func<string?, CancellationToken, Task<ChannelTestOutcome>>? NotificationTest { get; init; }

    /// <summary>Encrypts the dashboard's key ring in the store (<see cref="KeyRingCipher.OpenAsync"/>).</summary>
    public required KeyRingCipher KeyRing { get; init; }

    /// <summary>The workers' workspace provider, for the dashboard's diffs (read from the repository mirrors); null: no diffs shown.</summary>
    public IWorkspaceProvider? Workspaces { get; init; }
}
