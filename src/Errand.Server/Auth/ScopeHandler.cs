using Microsoft.AspNetCore.Authorization;

namespace Errand.Server.Auth;

/// <summary>Grants a <see cref="ScopeRequirement"/> to an authenticated token whose scope covers one of its scopes.</summary>
internal sealed class ScopeHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (requirement.Scopes.Any(scope => TokenPrincipal.Grants(context.User, scope)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
