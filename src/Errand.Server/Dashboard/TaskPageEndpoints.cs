using Errand.Application.Tasks;
using Errand.Json;
using Errand.Results;
using Errand.Server.Auth;
using Errand.Server.Dashboard.Pages;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Errand.Server.Dashboard;

/// <summary>A task's page: timeline, live log, checks and evidence, diff, cost and budget, with its actions beside it.</summary>
internal static class TaskPageEndpoints
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/tasks/{id:long}", ShowAsync).RequireScope(TokenScope.Read);
        TaskActionEndpoints.Map(pages);
    }

    private static Task<IResult> ShowAsync(long id, HttpContext http, DashboardRendering rendering, TaskQueries queries) =>
        RenderAsync(http, rendering, queries, id, message: null, isError: false, StatusCodes.Status200OK);

    /// <summary>The task's page, with what an action did (or why it could not) on top, and a refused answer back in its box.</summary>
    public static async Task<IResult> RenderAsync(
        HttpContext http, DashboardRendering rendering, TaskQueries queries, long id, string? message, bool isError, int status, AnswerDraft? draft = null)
    {
        if (await queries.DetailsAsync(id, http.RequestAborted) is not { } details)
        {
            return await NotFoundAsync(http, rendering, $"There is no task #{id}.");
        }

        var result = details.Task.ResultJson is { } json ? ErrandJson.Deserialize<TaskResult>(json) : null;
        var diffs = http.RequestServices.GetService<TaskDiffs>();
        string? patch = null;
        if (diffs is not null && result is not null)
        {
            try
            {
                patch = await diffs.ReadAsync(details.Task, http.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A mirror that is gone (cleaned up, another host's) leaves the page without its patch, not without the task.
                patch = $"(the diff could not be read: {ex.Message})";
            }
        }

        return DashboardRendering.Page<TaskDetailPage>(http, new()
        {
            [nameof(TaskDetailPage.Dash)] = await rendering.ContextAsync(http),
            [nameof(TaskDetailPage.Details)] = details,
            [nameof(TaskDetailPage.Result)] = result,
            [nameof(TaskDetailPage.Patch)] = patch,
            [nameof(TaskDetailPage.Message)] = message,
            [nameof(TaskDetailPage.MessageIsError)] = isError,
            [nameof(TaskDetailPage.Draft)] = draft,
            [nameof(TaskDetailPage.RenderedAt)] = rendering.ReadFrom(http),
        }, status);
    }

    public static async Task<IResult> NotFoundAsync(HttpContext http, DashboardRendering rendering, string message) =>
        DashboardRendering.Page<NotFoundPage>(http, new()
        {
            [nameof(NotFoundPage.Dash)] = await rendering.ContextAsync(http),
            [nameof(NotFoundPage.Message)] = message,
        }, StatusCodes.Status404NotFound);
}
