using Errand.Tasks;

namespace Errand.Fleets;

/// <summary>One slice of a fleet to create: its value and the task it becomes when released.</summary>
/// <param name="Value">The slice value (<c>{{slice}}</c> in the template).</param>
/// <param name="Task">The task, its spec already rendered for this slice.</param>
public sealed record NewFleetSlice(string Value, NewTask Task);
