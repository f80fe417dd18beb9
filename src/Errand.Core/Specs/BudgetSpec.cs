namespace Errand.Specs;

/// <summary>Limits enforced on a run; null means no limit of that kind.</summary>
public sealed record BudgetSpec
{
    /// <summary>Wall time.</summary>
    public TimeSpan? Time { get; init; }

    /// <summary>Agent steps (model turns or tool calls).</summary>
    public int? Steps { get; init; }

    /// <summary>Input plus output tokens.</summary>
    public long? Tokens { get; init; }

    /// <summary>Cost in US dollars.</summary>
    public decimal? Cost { get; init; }

    /// <summary>True when no limit is set at all.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsUnlimited => Time is null && Steps is null && Tokens is null && Cost is null;
}
