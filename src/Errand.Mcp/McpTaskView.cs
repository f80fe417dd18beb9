using System.Text.Json;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Mcp;

/// <summary>A task as MCP clients get it; its result (already redacted when stored) as a JSON object.</summary>
internal sealed record McpTaskView(
    long Id, string Title, string State, string? Reason, int Attempt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt, JsonElement? Result)
{
    /// <summary>The warnings of the spec it was dispatched from (line, field, message), on the dispatch answer only.</summary>
    public IReadOnlyList<SpecDiagnostic>? Warnings { get; init; }

    public static McpTaskView From(TaskRecord task) => new(
        task.Id, task.Title, task.State.ToWireName(), task.Reason, task.Attempt, task.CreatedAt, task.UpdatedAt, task.FinishedAt,
        task.ResultJson is null ? null : JsonElement.Parse(task.ResultJson));
}
