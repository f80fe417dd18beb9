using Errand.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace Errand.Server.Auth;

/// <summary>Authorization policies by scope, and the default every endpoint gets unless it names its own.</summary>
public static class ScopePolicies
{
    /// <summary>
    /// The fallback: applied to every endpoint that declares no authorization of its own, including endpoints other
    /// projects map through an <see cref="IServerExtension"/> (/metrics, /mcp). So a route added without a thought for
    /// auth still needs a valid token with the read scope; only an explicit <c>AllowAnonymous</c> opens one.
    /// </summary>
    public static AuthorizationPolicy Default { get; } = For(TokenScope.Read);

    /// <summary>A policy letting in tokens that hold any of <paramref name="scopes"/>.</summary>
    /// <param name="scopes">The scopes allowed (admin is always allowed).</param>
    public static AuthorizationPolicy For(params TokenScope[] scopes) =>
        new AuthorizationPolicyBuilder(BearerTokenHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new ScopeRequirement(scopes))
            .Build();

    /// <summary>Requires one of <paramref name="scopes"/> on this endpoint (or group).</summary>
    /// <typeparam name="TBuilder">The endpoint convention builder.</typeparam>
    /// <param name="builder">The endpoint or group.</param>
    /// <param name="scopes">The scopes allowed (admin is always allowed).</param>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, params TokenScope[] scopes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(For(scopes));
}
