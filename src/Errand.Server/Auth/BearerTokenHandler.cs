using System.Security.Claims;
using System.Text.Encodings.Web;
using Errand.Application.Tokens;
using Errand.Server.Dashboard;
using Errand.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Errand.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer errand_…</c> against the token hashes in the store, or the dashboard's sign-in
/// cookie holding such a token (<see cref="DashboardCookie"/> says when it counts). A missing or unknown token is a 401
/// carrying <c>WWW-Authenticate: Bearer</c>; a known token without the scope a route needs, a 403. On dashboard pages a
/// browser is sent to the sign-in page instead, and shown a 403 page.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    public const string ScopeClaim = "errand_scope";

    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string presented;
        if (!string.IsNullOrEmpty(header))
        {
            if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                return AuthenticateResult.Fail("the Authorization header is not a bearer token");
            }

            presented = header[Prefix.Length..].Trim();
        }
        else if (DashboardCookie.TryRead(Context, out var cookie))
        {
            presented = cookie;
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        var record = await tokens.AuthenticateAsync(presented, Context.RequestAborted);
        if (record is null)
        {
            return AuthenticateResult.Fail("unknown or revoked token");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, record.Name), new Claim(ScopeClaim, record.Scope.ToWireName())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (DashboardChallenge.Applies(Context))
        {
            return DashboardChallenge.SignInAsync(Context);
        }

        var presented = !string.IsNullOrEmpty(Request.Headers.Authorization);
        Response.Headers.WWWAuthenticate = presented ? "Bearer realm=\"errand\", error=\"invalid_token\"" : "Bearer realm=\"errand\"";
        return ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            presented ? "The bearer token is unknown or revoked." : "This route needs a bearer token: Authorization: Bearer <token> (errand token create).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        DashboardChallenge.Applies(Context)
            ? DashboardChallenge.ForbiddenAsync(Context, Context.User.FindFirstValue(ScopeClaim))
            : ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden",
            $"This token's scope ({Context.User.FindFirstValue(ScopeClaim)}) does not allow this route.");
}
