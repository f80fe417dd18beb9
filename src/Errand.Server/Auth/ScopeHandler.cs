using System.Security.Claims;
using Errand.Tokens;
using Microsoft.AspNetCore.Authorization;

namespace Errand.Server.Auth;

/// <summary>Grants a <see cref="ScopeRequirement"/> to an authenticated token whose scope covers one of its scopes.</summary>
internal sealed class ScopeHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (TokenScopes.TryParse(context.User.FindFirstValue(BearerTokenHandler.ScopeClaim), out var held)
            && requirement.Scopes.Any(scope => held.Grants(scope)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
