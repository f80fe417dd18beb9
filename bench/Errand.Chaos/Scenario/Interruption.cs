namespace Errand.Chaos.Scenario;

/// <summary>A worker the harness took away: killed (-9) or paused (SIGSTOP, later SIGCONT).</summary>
/// <param name="Kind">"kill" or "stop".</param>
/// <param name="WorkerId">The worker's id, as its claims name it.</param>
/// <param name="At">When the signal was sent.</param>
internal sealed record Interruption(string Kind, string WorkerId, DateTimeOffset At)
{
    /// <summary>For a pause: when SIGCONT was sent.</summary>
    public DateTimeOffset? ResumedAt { get; set; }

    /// <summary>For a pause: "lease lost" lines the worker logged after SIGCONT (writes the fence refused).</summary>
    public int RefusedAfterResume { get; set; }

    /// <summary>
    /// The tasks the worker held when the signal landed, each with its lease's expiry as the store had it then (read just
    /// after the signal: a killed worker renews nothing more, so this is when its lease lapses).
    /// </summary>
    public IReadOnlyDictionary<long, DateTimeOffset> Held { get; set; } = new Dictionary<long, DateTimeOffset>();
}
