namespace Errand.Fleets;

/// <summary>What <c>CancelFleetAsync</c> did.</summary>
/// <param name="Found">False when there is no such fleet.</param>
/// <param name="Cancelled">True when this call cancelled it; false when it had already finished or been cancelled.</param>
/// <param name="Unfinished">The tasks of released slices that had not ended, for the caller to cancel through the usual path.</param>
public sealed record FleetCancellation(bool Found, bool Cancelled, IReadOnlyList<long> Unfinished);
