using System.Runtime.CompilerServices;
using Errand.Json;
using Errand.Tasks;

namespace Errand.Specs;

/// <summary>How a <see cref="TaskSpec"/> is stored with its task.</summary>
public static class TaskSpecJson
{
    // A worker reads a task's spec when it starts the task and again when it ends it (for the notifications): parsed
    // once per record. Keyed by the record itself, whose SpecJson cannot change, and held only as long as it is.
    private static readonly ConditionalWeakTable<TaskRecord, TaskSpec> Parsed = new();

    /// <summary>The spec as JSON.</summary>
    public static string Serialize(TaskSpec spec) => ErrandJson.Serialize(spec);

    /// <summary>The spec from JSON written by <see cref="Serialize"/>.</summary>
    public static TaskSpec Deserialize(string json) => ErrandJson.Deserialize<TaskSpec>(json);

    /// <summary>The spec of <paramref name="task"/>, parsed the first time it is asked for (specs are immutable).</summary>
    public static TaskSpec Of(TaskRecord task) => Parsed.GetValue(task, static t => Deserialize(t.SpecJson));
}
