using Errand.Application.Tokens;
using Errand.Server.Auth;
using Errand.Server.Contracts;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Endpoints;

/// <summary>/api/tokens: the API's own tokens (admin only).</summary>
internal static class TokenEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var tokens = routes.MapGroup("/api/tokens").WithTags("tokens").RequireScope(TokenScope.Admin);
        tokens.MapGet("", ListAsync);
        tokens.MapPost("", CreateAsync);
        tokens.MapDelete("/{name}", RevokeAsync);
    }

    private static async Task<Ok<IReadOnlyList<TokenView>>> ListAsync(TokenService tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<TokenView>>([.. (await tokens.ListAsync(cancellationToken)).Select(TokenView.From)]);

    private static async Task<Results<Created<CreatedTokenResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateTokenRequest request, TokenService tokens, CancellationToken cancellationToken)
    {
        if (!ApiTokens.IsValidName(request.Name))
        {
            return ApiProblems.Invalid("name", ApiTokens.NameRule);
        }

        if (!TokenScopes.TryParse(request.Scope, out var scope))
        {
            return ApiProblems.Invalid("scope", $"expected {TokenScopes.Expected}");
        }

        var created = await tokens.CreateAsync(request.Name, scope, cancellationToken);
        return created is null
            ? ApiProblems.Conflict($"a token named '{request.Name}' exists already")
            : TypedResults.Created($"/api/tokens/{created.Record.Name}", new CreatedTokenResponse(created.Token, TokenView.From(created.Record)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string name, TokenService tokens, CancellationToken cancellationToken) =>
        await tokens.RevokeAsync(name, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound($"no valid token named '{name}'");
}
