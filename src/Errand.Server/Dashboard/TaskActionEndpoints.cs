using System.Security.Claims;
using Errand.Application.Tasks;
using Errand.Engine.Tasks;
using Errand.Server.Auth;
using Errand.Storage;
using Errand.Tasks;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Dashboard;

/// <summary>
/// The task page's forms: cancel, retry, follow-up and extend (submit scope), answer (answer scope). Each goes through
/// the same <see cref="TaskTransitions"/> call the API makes; success goes back to a page (303), a refusal is shown on
/// the task's page with why.
/// </summary>
internal static class TaskActionEndpoints
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapPost("/tasks/{id:long}/cancel", CancelAsync).RequireScope(TokenScope.Submit);
        pages.MapPost("/tasks/{id:long}/retry", RetryAsync).RequireScope(TokenScope.Submit);
        pages.MapPost("/tasks/{id:long}/followup", FollowUpAsync).RequireScope(TokenScope.Submit);
        pages.MapPost("/tasks/{id:long}/extend", ExtendAsync).RequireScope(TokenScope.Submit);
        pages.MapPost("/tasks/{id:long}/answer", AnswerAsync).RequireScope(TokenScope.Answer);
    }

    private static async Task<IResult> CancelAsync(
        long id, [FromForm] string? reason, HttpContext http, ClaimsPrincipal user, TaskTransitions transitions, DashboardRendering rendering, TaskQueries queries) =>
        await transitions.CancelAsync(id, reason is { Length: > 0 } ? reason : $"cancelled from the dashboard by {user.Identity?.Name}", http.RequestAborted) switch
        {
            CancelOutcome.NotFound => await TaskPageEndpoints.NotFoundAsync(http, rendering, $"There is no task #{id}."),
            CancelOutcome.AlreadyFinished => await RefusedAsync(http, rendering, queries, id, $"Task #{id} has already ended."),
            _ => DashboardRendering.SeeOther($"/tasks/{id}"),
        };

    private static async Task<IResult> RetryAsync(
        long id, [FromForm] string? confirm, HttpContext http, TaskTransitions transitions, DashboardRendering rendering, TaskQueries queries) =>
        await OutcomeAsync(http, rendering, queries, id, await transitions.RetryAsync(id, http.RequestAborted), TransitionRefusals.Retry);

    private static async Task<IResult> FollowUpAsync(
        long id, [FromForm] string? instruction, HttpContext http, TaskTransitions transitions, TimeProvider time, DashboardRendering rendering, TaskQueries queries)
    {
        if (string.IsNullOrWhiteSpace(instruction))
        {
            return await RefusedAsync(http, rendering, queries, id, "instruction: the follow-up instruction is required");
        }

        return await OutcomeAsync(http, rendering, queries, id,
            await transitions.FollowUpAsync(id, instruction, time.GetUtcNow(), http.RequestAborted), TransitionRefusals.FollowUp);
    }

    private static async Task<IResult> ExtendAsync(
        long id, [FromForm] string? time, [FromForm] string? steps, [FromForm] string? tokens, [FromForm] string? cost,
        HttpContext http, TaskTransitions transitions, DashboardRendering rendering, TaskQueries queries)
    {
        // Empty boxes are amounts not given.
        var (by, field, problem) = BudgetExtension.Parse(Given(time), Given(steps), Given(tokens), Given(cost));
        if (by is null)
        {
            return await RefusedAsync(http, rendering, queries, id, field.Length == 0 ? problem : $"{field}: {problem}");
        }

        return await OutcomeAsync(http, rendering, queries, id,
            await transitions.ExtendAsync(id, by, http.RequestAborted), TransitionRefusals.Extend(id, state: null));
    }

    private static async Task<IResult> AnswerAsync(
        long id, [FromForm] string? answer, [FromForm] string? back, HttpContext http, ClaimsPrincipal user, TaskTransitions transitions,
        DashboardRendering rendering, TaskQueries queries)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return await RefusedAsync(http, rendering, queries, id, "answer: the answer is required");
        }

        var outcome = await transitions.AnswerAsync(id, answer, user.Identity?.Name ?? "dashboard", http.RequestAborted);
        return outcome.Status switch
        {
            AnswerStatus.Answered => DashboardRendering.SeeOther(back ?? $"/tasks/{id}"),
            AnswerStatus.NotFound => await TaskPageEndpoints.NotFoundAsync(http, rendering, $"There is no task #{id}."),
            AnswerStatus.Invalid => await NotTakenAsync(http, rendering, queries, new AnswerDraft(id, answer, outcome.Problem ?? "not an answer to this question"), back),
            _ => await RefusedAsync(http, rendering, queries, id, $"Task #{id} is {outcome.Task?.State.ToWireName()} and waits for no answer (answered already, or it never asked)."),
        };
    }

    // A refused answer (a bad edited list, say) goes back to the page it came from, in its box with why: nothing typed is lost.
    private static async Task<IResult> NotTakenAsync(HttpContext http, DashboardRendering rendering, TaskQueries queries, AnswerDraft draft, string? back) =>
        back == InboxEndpoints.Path
            ? await InboxEndpoints.RenderAsync(http, rendering, queries, draft)
            : await TaskPageEndpoints.RenderAsync(
                http, rendering, queries, draft.TaskId, $"answer: {draft.Problem}", isError: true, StatusCodes.Status400BadRequest, draft);

    private static async Task<IResult> OutcomeAsync(HttpContext http, DashboardRendering rendering, TaskQueries queries, long id, TransitionOutcome outcome, string refused) =>
        outcome.Status switch
        {
            TransitionStatus.Applied => DashboardRendering.SeeOther($"/tasks/{id}"),
            TransitionStatus.NotFound => await TaskPageEndpoints.NotFoundAsync(http, rendering, $"There is no task #{id}."),
            _ => await RefusedAsync(http, rendering, queries, id, $"Task #{id} is {outcome.Current?.State.ToWireName()}; {refused}."),
        };

    private static Task<IResult> RefusedAsync(HttpContext http, DashboardRendering rendering, TaskQueries queries, long id, string why) =>
        TaskPageEndpoints.RenderAsync(http, rendering, queries, id, why, isError: true, StatusCodes.Status409Conflict);

    private static string? Given(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
