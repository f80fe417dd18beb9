using Errand.Tasks;

namespace Errand.Storage;

/// <summary>A task whose lease lapsed, as the reaper left it.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="PreviousOwner">The worker whose lease lapsed.</param>
/// <param name="NewState">Queued again, or failed when it had used up its attempts.</param>
public sealed record ReclaimedTask(long TaskId, string PreviousOwner, TaskState NewState);
