using System.Security.Claims;
using Errand.Tokens;

namespace Errand.Server.Auth;

/// <summary>What an authenticated request's token may do: the one reading of its scope claim, for policies and for checks inside an endpoint (MCP tools).</summary>
public static class TokenPrincipal
{
    /// <summary>True when <paramref name="user"/> holds a token whose scope grants <paramref name="scope"/>; false without one.</summary>
    /// <param name="user">The request's user (null or anonymous: false).</param>
    /// <param name="scope">The scope needed.</param>
    public static bool Grants(ClaimsPrincipal? user, TokenScope scope) =>
        user?.Identity?.IsAuthenticated == true
        && TokenScopes.TryParse(user.FindFirstValue(BearerTokenHandler.ScopeClaim), out var held)
        && held.Grants(scope);
}
