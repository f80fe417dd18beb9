using Errand.Application.Tokens;
using Errand.Server.Dashboard.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Dashboard;

/// <summary>
/// Signing in and out. The sign-in page is the only page open without a token; it checks a pasted token against the
/// store and keeps it in the sign-in cookie. Both forms carry an antiforgery token, so no other site can sign a browser
/// in to someone else's token.
/// </summary>
internal static class SignInEndpoints
{
    public const string Path = "/signin";

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet(Path, Show).AllowAnonymous();
        pages.MapPost(Path, SignInAsync).AllowAnonymous();
        // Open to any signed-in browser and to a stale cookie alike: it only forgets the cookie.
        pages.MapPost("/signout", (HttpContext http) =>
        {
            DashboardCookie.Delete(http);
            return DashboardRendering.SeeOther(Path);
        }).AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

    private static IResult Show(string? next, string? expired, HttpContext http, IAntiforgery antiforgery) =>
        Render(http, antiforgery, next, expired == "1", error: null, StatusCodes.Status200OK);

    private static async Task<IResult> SignInAsync([FromForm] string? token, [FromForm] string? next, HttpContext http, IAntiforgery antiforgery, TokenService tokens)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return Render(http, antiforgery, next, expired: false, "Paste a token.", StatusCodes.Status400BadRequest);
        }

        if (await tokens.AuthenticateAsync(token.Trim(), http.RequestAborted) is null)
        {
            return Render(http, antiforgery, next, expired: false, "That token is unknown or revoked.", StatusCodes.Status401Unauthorized);
        }

        DashboardCookie.Write(http, token.Trim());
        return DashboardRendering.SeeOther(next ?? "/");
    }

    private static IResult Render(HttpContext http, IAntiforgery antiforgery, string? next, bool expired, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return DashboardRendering.Page<SignInPage>(http, new()
        {
            [nameof(SignInPage.FormField)] = tokens.FormFieldName,
            [nameof(SignInPage.FormToken)] = tokens.RequestToken,
            [nameof(SignInPage.Next)] = DashboardRendering.LocalOrHome(next),
            [nameof(SignInPage.Expired)] = expired,
            [nameof(SignInPage.Error)] = error,
        }, status);
    }
}
