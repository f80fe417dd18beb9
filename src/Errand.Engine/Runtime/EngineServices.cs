using Errand.Agents;
using Errand.Engine.Secrets;
using Errand.Notifications;
using Errand.Sandboxing;
using Errand.Storage;
using Errand.Telemetry;
using Errand.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Errand.Engine.Runtime;

/// <summary>What the engine runs tasks with. Built once at start-up by the host (CLI, server, tests).</summary>
/// <param name="Store">The store.</param>
/// <param name="Workspaces">Where workspaces come from.</param>
/// <param name="Sandboxes">Sandbox backends by name.</param>
/// <param name="Agents">Agent runtimes by name.</param>
public sealed record EngineServices(
    IErrandStore Store,
    IWorkspaceProvider Workspaces,
    IReadOnlyList<ISandboxProvider> Sandboxes,
    IReadOnlyList<IAgentRuntime> Agents)
{
    /// <summary>
    /// The store's installation id (<see cref="IErrandStore.InstallationIdAsync"/>): part of each task's trace id, so
    /// installations sending spans to one collector keep their tasks' traces apart.
    /// </summary>
    public string Installation { get; init; } = "";

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Logging.</summary>
    public ILoggerFactory Logging { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Where the secrets a spec names come from; null when this worker has none, and then a task that names any
    /// fails rather than running without them.
    /// </summary>
    public ISecretSource? Secrets { get; init; }

    /// <summary>Which configured channels a task's events go to; null sends each to the channels its spec names.</summary>
    public INotificationRoutes? NotificationRoutes { get; init; }

    /// <summary>Where the engine's metrics go; tests give instruments of their own to listen to them alone.</summary>
    public ErrandMetrics Metrics { get; init; } = ErrandMetrics.Shared;

    /// <summary>The sandbox backend with this name, or null.</summary>
    public ISandboxProvider? FindSandbox(string backend) => Sandboxes.FirstOrDefault(s => s.Backend == backend);

    /// <summary>The agent runtime with this name, or null.</summary>
    public IAgentRuntime? FindAgent(string name) => Agents.FirstOrDefault(a => a.Name == name);
}
