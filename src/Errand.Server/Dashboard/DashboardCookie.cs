using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace Errand.Server.Dashboard;

/// <summary>
/// The sign-in cookie: the API token a person pasted on the sign-in page, so a browser (and its EventSource, which
/// cannot send headers) is authenticated like a bearer client. HttpOnly (no script reads it), SameSite=Strict (no other
/// site's page makes the browser send it) and Secure when the dashboard is served over HTTPS.
/// </summary>
internal static class DashboardCookie
{
    public const string Name = "errand_token";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// The cookie's token when this request may be authenticated by it: any read (GET, HEAD: the pages and the SSE
    /// streams), but a change only on a dashboard route, where the antiforgery token is checked. So the JSON API's
    /// POSTs never act on a browser's ambient cookie.
    /// </summary>
    public static bool TryRead(HttpContext http, [NotNullWhen(true)] out string? token)
    {
        token = null;
        if (!http.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && http.GetEndpoint()?.Metadata.GetMetadata<DashboardPage>() is null)
        {
            return false;
        }

        token = value;
        return true;
    }

    public static void Write(HttpContext http, string token) =>
        http.Response.Cookies.Append(Name, token, Options(http, Lifetime));

    public static void Delete(HttpContext http) =>
        http.Response.Cookies.Delete(Name, Options(http, null));

    private static CookieOptions Options(HttpContext http, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        MaxAge = maxAge,
        IsEssential = true,
    };
}
