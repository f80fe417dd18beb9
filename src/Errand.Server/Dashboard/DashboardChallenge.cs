using Errand.Server.Dashboard.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Errand.Server.Dashboard;

/// <summary>How a dashboard page refuses a browser: to the sign-in page without a (valid) token, a 403 page for the wrong scope.</summary>
internal static class DashboardChallenge
{
    /// <summary>A dashboard route asked by a browser (no Authorization header: a script with a bearer token gets the API's problem details).</summary>
    public static bool Applies(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<DashboardPage>() is not null && string.IsNullOrEmpty(http.Request.Headers.Authorization);

    public static Task SignInAsync(HttpContext http)
    {
        // A cookie that got here names a revoked or unknown token: drop it, so the sign-in page starts clean.
        var expired = http.Request.Cookies.ContainsKey(DashboardCookie.Name);
        if (expired)
        {
            DashboardCookie.Delete(http);
        }

        var next = HttpMethods.IsGet(http.Request.Method) ? (http.Request.Path + http.Request.QueryString).ToString() : http.Request.Path.Value ?? "/";
        var target = $"{SignInEndpoints.Path}?next={Uri.EscapeDataString(next)}{(expired ? "&expired=1" : "")}";
        http.Response.StatusCode = HttpMethods.IsGet(http.Request.Method) ? StatusCodes.Status302Found : StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = target;
        return Task.CompletedTask;
    }

    public static Task ForbiddenAsync(HttpContext http, string? scope) =>
        new RazorComponentResult<ForbiddenPage>(new Dictionary<string, object?>
        {
            [nameof(ForbiddenPage.Scope)] = scope ?? "none",
            [nameof(ForbiddenPage.Path)] = http.Request.Path.Value ?? "/",
        })
        { StatusCode = StatusCodes.Status403Forbidden }.ExecuteAsync(http);
}
