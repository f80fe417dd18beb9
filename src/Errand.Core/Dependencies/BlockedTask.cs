using Errand.Tasks;

namespace Errand.Dependencies;

/// <summary>A task still waiting for prerequisites one of which has ended without succeeding: its policy applies.</summary>
/// <param name="Task">The waiting task (state scheduled).</param>
/// <param name="PrerequisiteId">A prerequisite that ended without succeeding.</param>
/// <param name="PrerequisiteName">That prerequisite's name, if it has one.</param>
/// <param name="PrerequisiteState">How it ended: failed, cancelled or partial.</param>
public sealed record BlockedTask(TaskRecord Task, long PrerequisiteId, string? PrerequisiteName, TaskState PrerequisiteState);
