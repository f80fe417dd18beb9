namespace Errand.Storage;

/// <summary>A worker's request for work.</summary>
/// <param name="WorkerId">Who is asking; recorded as the lease owner.</param>
/// <param name="MaxTasks">At most this many tasks, oldest first.</param>
/// <param name="LeaseDuration">How long the lease lasts unless renewed.</param>
public sealed record ClaimRequest(string WorkerId, int MaxTasks, TimeSpan LeaseDuration);
