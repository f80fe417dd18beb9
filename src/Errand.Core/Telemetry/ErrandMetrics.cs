using System.Diagnostics.Metrics;
using Errand.Tasks;

namespace Errand.Telemetry;

/// <summary>
/// Errand's metrics, on a <see cref="Meter"/> named <see cref="ErrandTelemetry.Name"/>. Each recording first asks
/// whether anyone listens, so a process without an exporter builds no tag lists. Counters are per process (an
/// exporter sums them over processes); the task gauges are read from the store, which every process shares.
/// </summary>
public sealed class ErrandMetrics
{
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _reclaims;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly ObservableGauge<long> _tasks;
    private readonly ObservableGauge<long> _queue;
    private volatile IReadOnlyDictionary<TaskState, long>? _counts;

    /// <summary>Makes the instruments on <paramref name="meter"/> (tests give a meter of their own to listen to it alone).</summary>
    public ErrandMetrics(Meter meter)
    {
        Meter = meter;
        _transitions = meter.CreateCounter<long>("errand.tasks.transitions", "{transition}", "Tasks moved into a state, by that state");
        _duration = meter.CreateHistogram<double>("errand.task.duration", "s", "Time from a task's submission to its end, by end state");
        _tokens = meter.CreateCounter<long>("errand.tokens", "{token}", "Model tokens used by agents, by type (input, output)");
        _cost = meter.CreateCounter<double>("errand.cost", "USD", "What agents' model calls cost, in US dollars");
        _reclaims = meter.CreateCounter<long>("errand.lease.reclaims", "{task}", "Tasks whose worker's lease lapsed and that were taken back, by the state they went to");
        _delivered = meter.CreateCounter<long>("errand.notifications.delivered", "{notification}", "Notifications delivered, by channel");
        _failed = meter.CreateCounter<long>("errand.notifications.failed", "{notification}", "Notification delivery attempts that failed, by channel");
        _tasks = meter.CreateObservableGauge("errand.tasks", ObserveTasks, "{task}", "Tasks in the store, by state");
        _queue = meter.CreateObservableGauge("errand.queue.depth", ObserveQueue, "{task}", "Tasks queued and waiting for a worker");
    }

    /// <summary>The process's instruments, for hosts that do not make their own.</summary>
    public static ErrandMetrics Shared { get; } = new(new Meter(ErrandTelemetry.Name));

    /// <summary>The meter the instruments live on.</summary>
    public Meter Meter { get; }

    /// <summary>Counts <paramref name="count"/> tasks moved into <paramref name="to"/>.</summary>
    public void Transitioned(TaskState to, int count = 1)
    {
        if (_transitions.Enabled && count > 0)
        {
            _transitions.Add(count, new KeyValuePair<string, object?>(SpanAttributes.State, to.ToWireName()));
        }
    }

    /// <summary>A task reached an end state, <paramref name="elapsed"/> after it was submitted.</summary>
    public void Ended(TaskState state, TimeSpan elapsed)
    {
        if (_duration.Enabled)
        {
            _duration.Record(Math.Max(0, elapsed.TotalSeconds), new KeyValuePair<string, object?>(SpanAttributes.State, state.ToWireName()));
        }
    }

    /// <summary>One model turn's tokens and cost (null when unknown).</summary>
    public void Turn(string agent, long inputTokens, long outputTokens, decimal? costUsd)
    {
        var agentTag = new KeyValuePair<string, object?>(SpanAttributes.Agent, agent);
        if (_tokens.Enabled)
        {
            _tokens.Add(inputTokens, agentTag, new KeyValuePair<string, object?>(SpanAttributes.GenAiTokenType, "input"));
            _tokens.Add(outputTokens, agentTag, new KeyValuePair<string, object?>(SpanAttributes.GenAiTokenType, "output"));
        }

        if (_cost.Enabled && costUsd is { } cost)
        {
            _cost.Add((double)cost, agentTag);
        }
    }

    /// <summary>A task whose lease lapsed was taken back, now in <paramref name="state"/>.</summary>
    public void Reclaimed(TaskState state)
    {
        if (_reclaims.Enabled)
        {
            _reclaims.Add(1, new KeyValuePair<string, object?>(SpanAttributes.State, state.ToWireName()));
        }
    }

    /// <summary>A notification delivery attempt to <paramref name="channel"/> ended.</summary>
    public void Notification(string channel, bool delivered)
    {
        var counter = delivered ? _delivered : _failed;
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>(SpanAttributes.Channel, channel));
        }
    }

    /// <summary>True while something listens to the task gauges: only then are the store's counts worth reading.</summary>
    public bool CountsObserved => _tasks.Enabled || _queue.Enabled;

    /// <summary>The store's latest count of tasks by state, which the gauges report until the next.</summary>
    public void PublishCounts(IReadOnlyDictionary<TaskState, long> counts) => _counts = counts;

    private IEnumerable<Measurement<long>> ObserveTasks()
    {
        if (_counts is not { } counts)
        {
            return [];
        }

        // Every state is reported, zeros too: a state that empties shows 0 rather than its last value going stale.
        return Enum.GetValues<TaskState>().Select(s =>
            new Measurement<long>(counts.GetValueOrDefault(s), new KeyValuePair<string, object?>(SpanAttributes.State, s.ToWireName())));
    }

    private IEnumerable<Measurement<long>> ObserveQueue() =>
        _counts is { } counts ? [new Measurement<long>(counts.GetValueOrDefault(TaskState.Queued))] : [];
}
