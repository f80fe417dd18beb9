namespace Errand.Results;

/// <summary>A "Done when" line and the evidence for it.</summary>
/// <param name="Criterion">The line as written.</param>
/// <param name="Check">The check that proves it, or null when none does.</param>
/// <param name="Status">verified, failed, or not_checked.</param>
public sealed record DoneWhenEvidence(string Criterion, string? Check, string Status);
