using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Errand.Application.Journal;
using Errand.Application.Tasks;
using Errand.Server.Auth;
using Errand.Storage;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Errand.Server.Endpoints;

/// <summary>
/// Server-Sent Events: one task's journal live (<c>journal</c> events whose id is the journal sequence, so a
/// reconnecting client resumes with Last-Event-ID, then one <c>end</c> event), and the task list's changes (a <c>ready</c>
/// event, then <c>task</c> events: the unfinished and recent tasks, then each change).
/// Both sleep on the store's journal signal between reads.
/// </summary>
internal static class StreamEndpoints
{
    // The longest a stream sleeps without news: events written by other processes (another host's worker) are read by then.
    private static readonly TimeSpan Floor = TimeSpan.FromSeconds(1);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/tasks/{id:long}/events", TaskEventsAsync).WithTags("streams").RequireScope(TokenScope.Read);
        routes.MapGet("/api/tasks/stream", TaskListEvents).WithTags("streams").RequireScope(TokenScope.Read);
    }

    private static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult, ValidationProblem>> TaskEventsAsync(
        long id, long? after, HttpRequest request, IErrandStore store, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var from = after ?? 0;
        if (request.Headers["Last-Event-ID"].FirstOrDefault() is { Length: > 0 } lastId)
        {
            if (!long.TryParse(lastId, NumberStyles.None, CultureInfo.InvariantCulture, out from))
            {
                return ApiProblems.Invalid("Last-Event-ID", "must be the id of an event this stream sent");
            }
        }

        if (from < 0)
        {
            return ApiProblems.Invalid("after", "must be 0 or a journal sequence number");
        }

        if (await store.GetAsync(id, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"no task #{id}");
        }

        return TypedResults.ServerSentEvents(FollowJournalAsync(store, id, from, json.Value.SerializerOptions, cancellationToken));
    }

    private static ServerSentEventsResult<string> TaskListEvents(IErrandStore store, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(FollowListAsync(new TaskChangeFeed(store), json.Value.SerializerOptions, cancellationToken));

    private static async IAsyncEnumerable<SseItem<string>> FollowJournalAsync(
        IErrandStore store, long id, long after, JsonSerializerOptions json, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in JournalFollower.ReadAsync(store, id, follow: true, Floor, cancellationToken, after: after))
        {
            yield return new SseItem<string>(JsonSerializer.Serialize(JournalEventView.From(e), json), "journal")
            {
                EventId = e.Seq.ToString(CultureInfo.InvariantCulture),
            };
        }

        if (await store.GetAsync(id, cancellationToken) is { } task)
        {
            yield return new SseItem<string>(JsonSerializer.Serialize(TaskView.From(task, withSpec: false), json), "end");
        }
    }

    private static async IAsyncEnumerable<SseItem<string>> FollowListAsync(
        TaskChangeFeed feed, JsonSerializerOptions json, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Sent first, so the client has the response headers at once even when no task exists yet.
        yield return new SseItem<string>("{}", "ready");
        await foreach (var task in feed.FollowAsync(Floor, cancellationToken))
        {
            yield return new SseItem<string>(JsonSerializer.Serialize(TaskView.From(task, withSpec: false), json), "task");
        }
    }
}
