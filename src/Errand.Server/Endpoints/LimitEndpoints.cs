using Errand.Application.Limits;
using Errand.Limits;
using Errand.Server.Auth;
using Errand.Server.Contracts;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Endpoints;

/// <summary>/api/limits: what <c>errand limits set|rm|ls</c> do, over <see cref="LimitService"/>. Changing limits is for admin tokens.</summary>
internal static class LimitEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var limits = routes.MapGroup("/api/limits").WithTags("limits");
        limits.MapGet("", ListAsync).RequireScope(TokenScope.Read);
        limits.MapPut("", SetAsync).RequireScope(TokenScope.Admin);
        limits.MapDelete("", RemoveAsync).RequireScope(TokenScope.Admin);
    }

    private static async Task<Ok<IReadOnlyList<ConcurrencyLimit>>> ListAsync(LimitService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ListAsync(cancellationToken));

    private static async Task<Results<Ok<ConcurrencyLimit>, ValidationProblem>> SetAsync(SetLimitRequest request, LimitService service, CancellationToken cancellationToken)
    {
        var (scope, field, problem) = LimitService.ScopeOf(request.Global ?? false, request.Repo, relativeAllowed: false);
        if (scope is null)
        {
            return ApiProblems.Invalid(field, problem);
        }

        if (request.Max is not { } max)
        {
            return ApiProblems.Invalid("max", "the most tasks of the scope running at once is required");
        }

        return await service.SetAsync(scope, max, cancellationToken) is { Length: > 0 } wrong
            ? ApiProblems.Invalid("max", wrong, detail: wrong)
            : TypedResults.Ok(new ConcurrencyLimit(scope, max));
    }

    private static async Task<Results<NoContent, ValidationProblem>> RemoveAsync(bool? global, string? repo, LimitService service, CancellationToken cancellationToken)
    {
        var (scope, field, problem) = LimitService.ScopeOf(global ?? false, repo, relativeAllowed: false);
        if (scope is null)
        {
            return ApiProblems.Invalid(field, problem);
        }

        await service.RemoveAsync(scope, cancellationToken);
        return TypedResults.NoContent();
    }
}
