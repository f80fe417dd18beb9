using Errand.Server.Auth;
using Errand.Server.Dashboard.Pages;
using Errand.Server.Hosting;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Dashboard;

/// <summary>The secrets page: names only (admin, as /api/secrets). The server is given a list of names, never a way to read a value.</summary>
internal static class SecretPageEndpoints
{
    public static void Map(RouteGroupBuilder pages) =>
        pages.MapGet("/secrets", ShowAsync).RequireScope(TokenScope.Admin);

    private static async Task<IResult> ShowAsync(HttpContext http, DashboardRendering rendering, ServerServices services) =>
        DashboardRendering.Page<SecretsPage>(http, new()
        {
            [nameof(SecretsPage.Dash)] = await rendering.ContextAsync(http),
            [nameof(SecretsPage.Names)] = services.Secrets is { } secrets ? (await secrets(http.RequestAborted)).Select(s => s.Name).ToList() : null,
            [nameof(SecretsPage.RenderedAt)] = rendering.ReadFrom(http),
        });
}
