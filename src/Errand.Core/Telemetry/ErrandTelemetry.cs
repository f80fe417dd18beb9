using System.Diagnostics;

namespace Errand.Telemetry;

/// <summary>
/// Names Errand's traces and metrics are published under. Only <see cref="System.Diagnostics"/> is used here: a
/// source or meter nobody listens to costs next to nothing, and the OpenTelemetry SDK is composed only where spans
/// and metrics are exported (the CLI and the server).
/// </summary>
public static class ErrandTelemetry
{
    /// <summary>The activity source and the meter of the engine, the agents and the notifier.</summary>
    public const string Name = "Errand";

    /// <summary>
    /// The activity source of model calls, kept apart from <see cref="Name"/> because the chat client's OpenTelemetry
    /// layer makes a meter of the same name per client: under <see cref="Name"/>, each task's client would restart the
    /// engine's metric streams.
    /// </summary>
    public const string ModelCalls = "Errand.GenAI";

    /// <summary>Every activity source Errand publishes, for an exporter to subscribe to.</summary>
    public static IReadOnlyList<string> Sources { get; } = [Name, ModelCalls];

    /// <summary>The engine's, the agents' and the sandboxes' spans.</summary>
    public static ActivitySource Source { get; } = new(Name);
}
