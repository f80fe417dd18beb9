using Errand.Application.Tasks;
using Errand.Server.Auth;
using Errand.Server.Dashboard.Pages;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Dashboard;

/// <summary>The decision inbox: every open question, approval and plan approval, answered in place (the answer form posts to the task's answer action).</summary>
internal static class InboxEndpoints
{
    public const string Path = "/inbox";

    public static void Map(RouteGroupBuilder pages) =>
        pages.MapGet(Path, (HttpContext http, DashboardRendering rendering, TaskQueries queries) => RenderAsync(http, rendering, queries, draft: null))
            .RequireScope(TokenScope.Read, TokenScope.Answer);

    /// <summary>The inbox; with <paramref name="draft"/>, a refused answer back in its question's box with why (400).</summary>
    public static async Task<IResult> RenderAsync(HttpContext http, DashboardRendering rendering, TaskQueries queries, AnswerDraft? draft)
    {
        var items = await queries.InboxAsync(TaskQueries.MaxLimit, http.RequestAborted);
        return DashboardRendering.Page<InboxPage>(http, new()
        {
            [nameof(InboxPage.Dash)] = await rendering.ContextAsync(http),
            [nameof(InboxPage.Items)] = items,
            [nameof(InboxPage.Draft)] = draft,
            [nameof(InboxPage.RenderedAt)] = rendering.ReadFrom(http),
        }, draft is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
