namespace Errand.Fleets;

/// <summary>One slice a planner proposed.</summary>
/// <param name="Value">The slice value (<c>{{slice}}</c> in the template).</param>
/// <param name="Reason">Why it is a slice of its own, in one line; null when none was given (an edited list, a command).</param>
public sealed record ProposedSlice(string Value, string? Reason = null);
