using Errand.Application.Tasks;
using Errand.Server.Auth;
using Errand.Tokens;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Errand.Server.Dashboard;

/// <summary>Builds a page's <see cref="DashboardContext"/> and renders Razor components as whole pages (static server rendering).</summary>
/// <param name="queries">For the inbox badge.</param>
/// <param name="antiforgery">For the forms' tokens.</param>
/// <param name="time">The clock pages are rendered by.</param>
internal sealed class DashboardRendering(TaskQueries queries, IAntiforgery antiforgery, TimeProvider time)
{
    private const string ReadFromKey = "errand.read_from";

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// What a page's live updates count changes from: the time its request began, before anything was read (stamped by
    /// <see cref="Stamp"/>). A change committed while the page was being read is newer than this, so the page re-reads
    /// it; the time the page was done would be newer than the change, and the page would show the old state for good.
    /// </summary>
    public DateTimeOffset ReadFrom(HttpContext http) => http.Items.TryGetValue(ReadFromKey, out var at) && at is DateTimeOffset stamped ? stamped : Now;

    /// <summary>Marks the request's start, before its handler reads anything (an endpoint filter over every page).</summary>
    public void Stamp(HttpContext http) => http.Items[ReadFromKey] = Now;

    public async Task<DashboardContext> ContextAsync(HttpContext http)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        TokenScopes.TryParse(http.User.FindFirst(BearerTokenHandler.ScopeClaim)?.Value, out var scope);
        var inbox = TokenPrincipal.Grants(http.User, TokenScope.Read) || TokenPrincipal.Grants(http.User, TokenScope.Answer)
            ? (await queries.InboxAsync(TaskQueries.MaxLimit, http.RequestAborted)).Count
            : 0;
        return new DashboardContext(http.User.Identity?.Name ?? "", scope, http.Request.Path.Value ?? "/", tokens.FormFieldName, tokens.RequestToken!, inbox);
    }

    /// <summary>The page <typeparamref name="TPage"/> with <paramref name="parameters"/>, with the dashboard's security headers.</summary>
    public static RazorComponentResult<TPage> Page<TPage>(HttpContext http, Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TPage : IComponent
    {
        SecurityHeaders.Apply(http.Response);
        return new RazorComponentResult<TPage>(parameters) { StatusCode = status };
    }

    /// <summary>After a form post: back to a page of the dashboard (303, so a reload does not post again).</summary>
    public static IResult SeeOther(string localPath) => new SeeOtherResult(LocalOrHome(localPath));

    /// <summary><paramref name="path"/> when it is a path on this site, else "/": a sign-in link cannot send a browser elsewhere.</summary>
    public static string LocalOrHome(string? path) =>
        path is { Length: > 0 } p && p[0] == '/' && (p.Length == 1 || (p[1] != '/' && p[1] != '\\')) && !p.Contains('\n') && !p.Contains('\r') ? p : "/";

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
