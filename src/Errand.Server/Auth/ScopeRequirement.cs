using Errand.Tokens;
using Microsoft.AspNetCore.Authorization;

namespace Errand.Server.Auth;

/// <summary>The route is allowed to a token holding any of <see cref="Scopes"/> (admin holds them all).</summary>
/// <param name="Scopes">The scopes that may call it.</param>
internal sealed record ScopeRequirement(IReadOnlyList<TokenScope> Scopes) : IAuthorizationRequirement;
