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
    public static void Map(RouteGroupBuilder pages) =>
        pages.MapGet("/inbox", ShowAsync).RequireScope(TokenScope.Read, TokenScope.Answer);

    private static async Task<IResult> ShowAsync(HttpContext http, DashboardRendering rendering, TaskQueries queries)
    {
        var items = await queries.InboxAsync(TaskQueries.MaxLimit, http.RequestAborted);
        return DashboardRendering.Page<InboxPage>(http, new()
        {
            [nameof(InboxPage.Dash)] = await rendering.ContextAsync(http),
            [nameof(InboxPage.Items)] = items,
            [nameof(InboxPage.RenderedAt)] = rendering.Now,
        });
    }
}
