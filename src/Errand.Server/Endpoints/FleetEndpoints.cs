using System.Security.Claims;
using Errand.Application.Fleets;
using Errand.Server.Auth;
using Errand.Server.Contracts;
using Errand.Server.Hosting;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Endpoints;

/// <summary>/api/fleets: what <c>errand fleet run|show|cancel|ls</c> do, over <see cref="FleetService"/>.</summary>
internal static class FleetEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var fleets = routes.MapGroup("/api/fleets").WithTags("fleets");
        fleets.MapGet("", ListAsync).RequireScope(TokenScope.Read);
        fleets.MapPost("", RunAsync).RequireScope(TokenScope.Submit).RequireRateLimiting(SubmitRateLimit.Policy);
        fleets.MapGet("/{id:long}", GetAsync).RequireScope(TokenScope.Read);
        fleets.MapPost("/{id:long}/cancel", CancelAsync).RequireScope(TokenScope.Submit);
    }

    private static async Task<Results<Ok<IReadOnlyList<FleetView>>, ValidationProblem>> ListAsync(int? limit, FleetService service, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > FleetService.MaxLimit)
        {
            return ApiProblems.Invalid("limit", $"must be from 1 to {FleetService.MaxLimit}");
        }

        return TypedResults.Ok(await service.ListAsync(limit ?? 20, cancellationToken));
    }

    private static async Task<Results<Created<FleetView>, ValidationProblem>> RunAsync(FleetRunRequest request, FleetService service, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Spec))
        {
            return ApiProblems.Invalid("spec", "the fleet spec text is required");
        }

        var (fleet, findings) = await service.RunTextAsync(request.Spec, cancellationToken);
        return fleet is null ? ApiProblems.Spec(findings) : TypedResults.Created($"/api/fleets/{fleet.Id}", fleet with { Warnings = findings });
    }

    private static async Task<Results<Ok<FleetView>, ProblemHttpResult>> GetAsync(long id, FleetService service, CancellationToken cancellationToken) =>
        await service.GetAsync(id, cancellationToken) is { } fleet ? TypedResults.Ok(fleet) : ApiProblems.NotFound($"no fleet #{id}");

    private static async Task<Results<Ok<FleetCancelResponse>, ProblemHttpResult>> CancelAsync(
        long id, CancelTaskRequest? request, FleetService service, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var reason = request?.Reason is { Length: > 0 } given ? given : $"cancelled through the API by {user.Identity?.Name}";
        var outcome = await service.CancelAsync(id, reason, cancellationToken);
        if (!outcome.Found)
        {
            return ApiProblems.NotFound($"no fleet #{id}");
        }

        return outcome.Cancelled ? TypedResults.Ok(new FleetCancelResponse(id, outcome.Unfinished)) : ApiProblems.Conflict($"fleet #{id} has already ended");
    }
}
