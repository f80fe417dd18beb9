using System.Security.Claims;
using Errand.Application.Fleets;
using Errand.Server.Auth;
using Errand.Server.Dashboard.Pages;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Dashboard;

/// <summary>Fleets with their live progress (re-read on the task-list stream), one fleet's slices, and cancelling a fleet.</summary>
internal static class FleetPageEndpoints
{
    private const int Shown = 50;

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/fleets", ListAsync).RequireScope(TokenScope.Read);
        pages.MapGet("/fleets/{id:long}", ShowAsync).RequireScope(TokenScope.Read);
        pages.MapPost("/fleets/{id:long}/cancel", CancelAsync).RequireScope(TokenScope.Submit);
    }

    private static async Task<IResult> ListAsync(HttpContext http, DashboardRendering rendering, FleetService fleets) =>
        DashboardRendering.Page<FleetsPage>(http, new()
        {
            [nameof(FleetsPage.Dash)] = await rendering.ContextAsync(http),
            [nameof(FleetsPage.Fleets)] = await fleets.ListAsync(Shown, http.RequestAborted),
            [nameof(FleetsPage.RenderedAt)] = rendering.ReadFrom(http),
        });

    private static Task<IResult> ShowAsync(long id, HttpContext http, DashboardRendering rendering, FleetService fleets) =>
        RenderAsync(id, http, rendering, fleets, message: null, StatusCodes.Status200OK);

    private static async Task<IResult> CancelAsync(
        long id, [FromForm] string? reason, HttpContext http, ClaimsPrincipal user, DashboardRendering rendering, FleetService fleets)
    {
        var cancelled = await fleets.CancelAsync(id, reason is { Length: > 0 } ? reason : $"cancelled from the dashboard by {user.Identity?.Name}", http.RequestAborted);
        return !cancelled.Found ? await TaskPageEndpoints.NotFoundAsync(http, rendering, $"There is no fleet #{id}.")
            : cancelled.Cancelled ? DashboardRendering.SeeOther($"/fleets/{id}")
            : await RenderAsync(id, http, rendering, fleets, $"Fleet #{id} has already ended.", StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> RenderAsync(long id, HttpContext http, DashboardRendering rendering, FleetService fleets, string? message, int status) =>
        await fleets.GetAsync(id, http.RequestAborted) is { } fleet
            ? DashboardRendering.Page<FleetPage>(http, new()
            {
                [nameof(FleetPage.Dash)] = await rendering.ContextAsync(http),
                [nameof(FleetPage.Fleet)] = fleet,
                [nameof(FleetPage.Message)] = message,
                [nameof(FleetPage.RenderedAt)] = rendering.ReadFrom(http),
            }, status)
            : await TaskPageEndpoints.NotFoundAsync(http, rendering, $"There is no fleet #{id}.");
}
