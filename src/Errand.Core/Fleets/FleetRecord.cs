namespace Errand.Fleets;

/// <summary>A fleet as the store holds it.</summary>
public sealed record FleetRecord
{
    /// <summary>The store-assigned id.</summary>
    public required long Id { get; init; }

    /// <summary>The fleet's title.</summary>
    public required string Title { get; init; }

    /// <summary>One of <see cref="FleetKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>One of <see cref="FanInKinds"/>.</summary>
    public required string FanInKind { get; init; }

    /// <summary>The current state.</summary>
    public required FleetState State { get; init; }

    /// <summary>The most slices released and unfinished at once.</summary>
    public required int MaxParallel { get; init; }

    /// <summary>Stop after this many failed slices; null: never.</summary>
    public int? StopAfter { get; init; }

    /// <summary>The spec as submitted, as JSON.</summary>
    public required string SpecJson { get; init; }

    /// <summary>The planner task of a fleet whose slices a planner proposes.</summary>
    public long? PlannerTaskId { get; init; }

    /// <summary>The fan-in task, once the last slice ended.</summary>
    public long? FanInTaskId { get; init; }

    /// <summary>Why the fleet is in its state (stopped, cancelled, the fan-in's reason).</summary>
    public string? Reason { get; init; }

    /// <summary>The fan-in's result report as JSON, once it ended.</summary>
    public string? ResultJson { get; init; }

    /// <summary>Slices per state.</summary>
    public FleetCounts Counts { get; init; } = new();

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}
