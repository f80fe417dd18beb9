using Errand.Application.Schedules;
using Errand.Server.Auth;
using Errand.Server.Dashboard.Pages;
using Errand.Tokens;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Dashboard;

/// <summary>Schedules with their next runs and latest firings; pause, resume and run now (submit scope, as the API's).</summary>
internal static class SchedulePageEndpoints
{
    private const int History = 6;

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/schedules", (HttpContext http, DashboardRendering rendering, ScheduleService schedules) =>
            RenderAsync(http, rendering, schedules, message: null, StatusCodes.Status200OK)).RequireScope(TokenScope.Read);
        pages.MapPost("/schedules/{name}/pause", (string name, HttpContext http, DashboardRendering rendering, ScheduleService schedules) =>
            SetPausedAsync(name, true, http, rendering, schedules)).RequireScope(TokenScope.Submit).WithMetadata(new RequireAntiforgeryTokenAttribute());
        pages.MapPost("/schedules/{name}/resume", (string name, HttpContext http, DashboardRendering rendering, ScheduleService schedules) =>
            SetPausedAsync(name, false, http, rendering, schedules)).RequireScope(TokenScope.Submit).WithMetadata(new RequireAntiforgeryTokenAttribute());
        pages.MapPost("/schedules/{name}/trigger", TriggerAsync).RequireScope(TokenScope.Submit).WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

    private static async Task<IResult> SetPausedAsync(string name, bool paused, HttpContext http, DashboardRendering rendering, ScheduleService schedules) =>
        await schedules.SetPausedAsync(name, paused, http.RequestAborted) is null
            ? await RenderAsync(http, rendering, schedules, $"There is no schedule '{name}'.", StatusCodes.Status404NotFound)
            : DashboardRendering.SeeOther("/schedules");

    private static async Task<IResult> TriggerAsync(string name, HttpContext http, DashboardRendering rendering, ScheduleService schedules) =>
        await schedules.TriggerAsync(name, http.RequestAborted) is null
            ? await RenderAsync(http, rendering, schedules, $"There is no schedule '{name}'.", StatusCodes.Status404NotFound)
            : DashboardRendering.SeeOther("/schedules");

    private static async Task<IResult> RenderAsync(HttpContext http, DashboardRendering rendering, ScheduleService schedules, string? message, int status)
    {
        var cards = new List<(ScheduleView, IReadOnlyList<TickView>)>();
        foreach (var schedule in await schedules.ListAsync(http.RequestAborted))
        {
            cards.Add((schedule, await schedules.HistoryAsync(schedule.Name, History, http.RequestAborted) ?? []));
        }

        return DashboardRendering.Page<SchedulesPage>(http, new()
        {
            [nameof(SchedulesPage.Dash)] = await rendering.ContextAsync(http),
            [nameof(SchedulesPage.Schedules)] = cards,
            [nameof(SchedulesPage.Message)] = message,
            [nameof(SchedulesPage.RenderedAt)] = rendering.ReadFrom(http),
        }, status);
    }
}
