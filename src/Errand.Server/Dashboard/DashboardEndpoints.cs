using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Errand.Server.Dashboard;

/// <summary>
/// The web dashboard: server-rendered pages (Razor components rendered statically: everything they print is
/// HTML-encoded) with one small script for live updates over the API's SSE streams. Every page needs a token, like the
/// API (the fallback policy applies); a browser brings it in the sign-in cookie.
/// </summary>
internal static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        DashboardAssets.Map(routes);
        var pages = routes.MapGroup("").WithMetadata(DashboardPage.Instance).ExcludeFromDescription();
        pages.AddEndpointFilter((context, next) =>
        {
            context.HttpContext.RequestServices.GetRequiredService<DashboardRendering>().Stamp(context.HttpContext);
            return next(context);
        });
        SignInEndpoints.Map(pages);
        TaskListEndpoints.Map(pages);
        TaskPageEndpoints.Map(pages);
        InboxEndpoints.Map(pages);
        SchedulePageEndpoints.Map(pages);
        FleetPageEndpoints.Map(pages);
        SecretPageEndpoints.Map(pages);
    }
}
