using Errand.Application.Tasks;
using Errand.Server.Auth;
using Errand.Server.Dashboard.Pages;
using Errand.Server.Hosting;
using Errand.Specs;
using Errand.Tasks;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Dashboard;

/// <summary>The task list (filters by state, title and repository; live through the task-list stream) and the new-task form.</summary>
internal static class TaskListEndpoints
{
    private const int PageSize = 50;

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/", ListAsync).RequireScope(TokenScope.Read);
        pages.MapPost("/tasks", SubmitAsync).RequireScope(TokenScope.Submit).RequireRateLimiting(SubmitRateLimit.Policy);
    }

    private static Task<IResult> ListAsync(string? state, string? q, string? repo, long? cursor, HttpContext http, DashboardRendering rendering, TaskQueries queries) =>
        RenderAsync(http, rendering, queries, state, q, repo, cursor, specText: null, findings: [], StatusCodes.Status200OK);

    private static async Task<IResult> SubmitAsync([FromForm] string? spec, HttpContext http, DashboardRendering rendering, TaskQueries queries, TaskSubmission submission)
    {
        // Empty text goes to the parser too: it says what a spec needs, with line and field, as for a file.
        spec ??= "";
        var result = await submission.SubmitTextAsync(spec, model: null, http.RequestAborted);
        return result.Task is { } task
            ? DashboardRendering.SeeOther($"/tasks/{task.Id}")
            : await RenderAsync(http, rendering, queries, null, null, null, null, spec, result.Findings, StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> RenderAsync(
        HttpContext http, DashboardRendering rendering, TaskQueries queries, string? state, string? text, string? repo, long? cursor,
        string? specText, IReadOnlyList<SpecDiagnostic> findings, int status)
    {
        string? problem = null;
        var states = new List<TaskState>();
        if (!string.IsNullOrEmpty(state))
        {
            if (TaskStates.TryParse(state, out var parsed))
            {
                states.Add(parsed);
            }
            else
            {
                problem = $"state: unknown state '{state}'";
                state = null;
            }
        }

        var page = await queries.ListAsync(
            new TaskListQuery { States = states, Text = text, Repo = repo, Limit = PageSize, Cursor = cursor is > 0 ? cursor : null }, http.RequestAborted);
        return DashboardRendering.Page<TaskListPage>(http, new()
        {
            [nameof(TaskListPage.Dash)] = await rendering.ContextAsync(http),
            [nameof(TaskListPage.Rows)] = page.Tasks.Select(TaskRow.From).ToList(),
            [nameof(TaskListPage.NextCursor)] = page.NextCursor,
            [nameof(TaskListPage.State)] = state,
            [nameof(TaskListPage.Text)] = text,
            [nameof(TaskListPage.Repo)] = repo,
            [nameof(TaskListPage.Problem)] = problem,
            [nameof(TaskListPage.SpecText)] = specText,
            [nameof(TaskListPage.Findings)] = findings,
            [nameof(TaskListPage.RenderedAt)] = rendering.ReadFrom(http),
        }, status);
    }
}
