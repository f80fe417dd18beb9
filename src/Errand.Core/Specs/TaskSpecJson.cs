using Errand.Json;

namespace Errand.Specs;

/// <summary>How a <see cref="TaskSpec"/> is stored with its task.</summary>
public static class TaskSpecJson
{
    /// <summary>The spec as JSON.</summary>
    public static string Serialize(TaskSpec spec) => ErrandJson.Serialize(spec);

    /// <summary>The spec from JSON written by <see cref="Serialize"/>.</summary>
    public static TaskSpec Deserialize(string json) => ErrandJson.Deserialize<TaskSpec>(json);
}
