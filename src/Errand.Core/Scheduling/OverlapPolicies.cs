namespace Errand.Scheduling;

/// <summary>Wire names of <see cref="OverlapPolicy"/>, as the CLI, the store and JSON write them.</summary>
public static class OverlapPolicies
{
    /// <summary>Every wire name, for messages.</summary>
    public const string Names = "skip, buffer_one, cancel_other, allow_all";

    /// <summary>The snake_case name.</summary>
    public static string ToWireName(this OverlapPolicy policy) => policy switch
    {
        OverlapPolicy.Skip => "skip",
        OverlapPolicy.BufferOne => "buffer_one",
        OverlapPolicy.CancelOther => "cancel_other",
        OverlapPolicy.AllowAll => "allow_all",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    /// <summary>Parses a wire name (a dash works for the underscore).</summary>
    public static bool TryParse(string? text, out OverlapPolicy policy)
    {
        foreach (var candidate in Enum.GetValues<OverlapPolicy>())
        {
            if (string.Equals(text?.Replace('-', '_'), candidate.ToWireName(), StringComparison.OrdinalIgnoreCase))
            {
                policy = candidate;
                return true;
            }
        }

        policy = default;
        return false;
    }

    /// <summary>Parses a wire name written by <see cref="ToWireName"/>; throws <see cref="FormatException"/> otherwise.</summary>
    public static OverlapPolicy Parse(string text) =>
        TryParse(text, out var policy) ? policy : throw new FormatException($"Unknown overlap policy '{text}'.");
}
