using Errand.Application.Notifications;
using Errand.Server.Auth;
using Errand.Server.Contracts;
using Errand.Server.Hosting;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Endpoints;

/// <summary>
/// /api/notifications: what <c>errand notify ls|retry|test</c> do, over <see cref="NotificationQueries"/> and the server's
/// channels. Sending again and sending a test are for admin tokens.
/// </summary>
internal static class NotificationEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var notifications = routes.MapGroup("/api/notifications").WithTags("notifications");
        notifications.MapGet("", ListAsync).RequireScope(TokenScope.Read);
        notifications.MapPost("/{id:long}/retry", RetryAsync).RequireScope(TokenScope.Admin);
        notifications.MapPost("/retry-failed", RetryFailedAsync).RequireScope(TokenScope.Admin);
        notifications.MapPost("/test", TestAsync).RequireScope(TokenScope.Admin);
    }

    private static async Task<Results<Ok<IReadOnlyList<NotificationView>>, ValidationProblem>> ListAsync(
        bool? failed, bool? pending, long? task, int? limit, NotificationQueries queries, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > NotificationQueries.MaxLimit)
        {
            return ApiProblems.Invalid("limit", $"must be from 1 to {NotificationQueries.MaxLimit}");
        }

        return TypedResults.Ok(await queries.ListAsync(failed ?? false, pending ?? false, task, limit ?? 50, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RetryAsync(long id, NotificationQueries queries, CancellationToken cancellationToken) =>
        await queries.RetryAsync(id, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound($"no undelivered notification {id}");

    private static async Task<Ok<RetryFailedResponse>> RetryFailedAsync(NotificationQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(new RetryFailedResponse(await queries.RetryFailedAsync(cancellationToken)));

    /// <summary>
    /// Sends a test notification through <paramref name="channel"/>, or through every configured channel, as the config
    /// file is now; how each went. A file that cannot be used now is a conflict naming its problems.
    /// </summary>
    private static async Task<Results<Ok<IReadOnlyList<ChannelTestResult>>, ProblemHttpResult>> TestAsync(
        string? channel, ServerServices services, CancellationToken cancellationToken)
    {
        var outcome = services.NotificationTest is { } test
            ? await test(channel, cancellationToken)
            : new ChannelTestOutcome([], channel is null ? null : $"no channel named '{channel}': this server sends no notifications");
        return outcome switch
        {
            { ConfigProblems: { } problems } => ApiProblems.Conflict(problems),
            { NotFound: { } problem } => ApiProblems.NotFound(problem),
            _ => TypedResults.Ok(outcome.Results),
        };
    }
}
