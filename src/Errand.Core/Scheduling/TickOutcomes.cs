namespace Errand.Scheduling;

/// <summary>Wire names of <see cref="TickOutcome"/>.</summary>
public static class TickOutcomes
{
    /// <summary>The snake_case name.</summary>
    public static string ToWireName(this TickOutcome outcome) => outcome switch
    {
        TickOutcome.Fired => "fired",
        TickOutcome.Skipped => "skipped",
        TickOutcome.Pending => "pending",
        TickOutcome.Missed => "missed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>Parses a wire name written by <see cref="ToWireName"/>.</summary>
    public static TickOutcome Parse(string text) => text switch
    {
        "fired" => TickOutcome.Fired,
        "skipped" => TickOutcome.Skipped,
        "pending" => TickOutcome.Pending,
        "missed" => TickOutcome.Missed,
        _ => throw new FormatException($"Unknown tick outcome '{text}'."),
    };
}
