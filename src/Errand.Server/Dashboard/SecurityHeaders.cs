using Microsoft.AspNetCore.Http;

namespace Errand.Server.Dashboard;

/// <summary>
/// Headers on every dashboard page. The pages encode all data (Razor does), and the policy is the second wall: only the
/// dashboard's own script file runs — no inline script, no inline handler, no other origin — so markup that slipped
/// through could still not execute.
/// </summary>
internal static class SecurityHeaders
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = Policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
    }
}
