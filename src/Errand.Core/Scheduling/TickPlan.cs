namespace Errand.Scheduling;

/// <summary>What a scheduler should do about one schedule now (<see cref="TickPlanner"/>).</summary>
/// <param name="Tick">The tick to decide now, or null when none is due.</param>
/// <param name="Late">True when <paramref name="Tick"/> is past its catch-up window: record it as missed, run nothing.</param>
/// <param name="Missed">Earlier due ticks that <paramref name="Tick"/> stands for (downtime, a clock step forward).</param>
/// <param name="NextDueAt">When the tick after it is due (jitter included), or null when the expression never fires again.</param>
public sealed record TickPlan(DateTimeOffset? Tick, bool Late, int Missed, DateTimeOffset? NextDueAt);
