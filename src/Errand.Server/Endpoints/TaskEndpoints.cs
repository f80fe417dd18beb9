using System.Security.Claims;
using Errand.Application;
using Errand.Application.Journal;
using Errand.Application.Tasks;
using Errand.Engine.Tasks;
using Errand.Results;
using Errand.Server.Auth;
using Errand.Server.Contracts;
using Errand.Server.Hosting;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Endpoints;

/// <summary>/api/tasks: submit, list, read and act on tasks. Each handler maps HTTP to an application service and back.</summary>
internal static class TaskEndpoints
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(2);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var tasks = routes.MapGroup("/api/tasks").WithTags("tasks");
        tasks.MapPost("", SubmitAsync).RequireScope(TokenScope.Submit).RequireRateLimiting(SubmitRateLimit.Policy);
        tasks.MapPost("/batch", SubmitBatchAsync).RequireScope(TokenScope.Submit).RequireRateLimiting(SubmitRateLimit.Policy);
        tasks.MapGet("", ListAsync).RequireScope(TokenScope.Read);
        tasks.MapGet("/{id:long}", GetAsync).RequireScope(TokenScope.Read);
        tasks.MapGet("/{id:long}/journal", JournalAsync).RequireScope(TokenScope.Read);
        tasks.MapGet("/{id:long}/result", ResultAsync).RequireScope(TokenScope.Read);
        tasks.MapGet("/{id:long}/wait", WaitAsync).RequireScope(TokenScope.Read);
        tasks.MapGet("/{id:long}/diff", DiffAsync).RequireScope(TokenScope.Read);
        tasks.MapPost("/{id:long}/cancel", CancelAsync).RequireScope(TokenScope.Submit);
        tasks.MapPost("/{id:long}/retry", RetryAsync).RequireScope(TokenScope.Submit);
        tasks.MapPost("/{id:long}/followup", FollowUpAsync).RequireScope(TokenScope.Submit);
        tasks.MapPost("/{id:long}/extend", ExtendAsync).RequireScope(TokenScope.Submit);
        tasks.MapPost("/{id:long}/answer", AnswerAsync).RequireScope(TokenScope.Answer);
        routes.MapGet("/api/inbox", InboxAsync).WithTags("tasks").RequireScope(TokenScope.Read, TokenScope.Answer);
    }

    private static async Task<Results<Created<TaskView>, ValidationProblem>> SubmitAsync(
        SubmitTaskRequest request, TaskSubmission submission, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Spec))
        {
            return ApiProblems.Invalid("spec", "the spec text is required");
        }

        var result = await submission.SubmitTextAsync(request.Spec, request.Model, cancellationToken);
        return result.Task is { } task
            ? TypedResults.Created($"/api/tasks/{task.Id}", TaskView.From(task, withSpec: false) with { Warnings = WarningsOf(result.Findings, TaskSubmission.RequestFile) })
            : ApiProblems.Spec(result.Findings);
    }

    private static async Task<Results<Created<IReadOnlyList<TaskView>>, ValidationProblem>> SubmitBatchAsync(
        SubmitBatchRequest request, TaskSubmission submission, CancellationToken cancellationToken)
    {
        if (SpecEndpoints.Problem(request.Specs) is { } problem)
        {
            return problem;
        }

        var submitted = await submission.SubmitTextsAsync([.. request.Specs!.Select((text, i) => (text, SpecEndpoints.FileOf(i)))], request.Model, cancellationToken);
        // Still a bare list, as before the warnings: each task carries its own spec's (older clients ignore the field).
        return submitted.Tasks.Count > 0
            ? TypedResults.Created("/api/tasks", (IReadOnlyList<TaskView>)[.. submitted.Tasks.Select((t, i) =>
                TaskView.From(t, withSpec: false) with { Warnings = WarningsOf(submitted.Errors, SpecEndpoints.FileOf(i)) })])
            : ApiProblems.Spec(submitted.Errors);
    }

    /// <summary>The warnings about the spec named <paramref name="file"/> in the findings of a submission that queued it.</summary>
    private static List<SpecDiagnostic> WarningsOf(IReadOnlyList<SpecDiagnostic> findings, string file) =>
        [.. findings.Where(f => f.Severity == DiagnosticSeverity.Warning && f.File == file)];

    private static async Task<Results<Ok<TaskListResponse>, ValidationProblem>> ListAsync(
        TaskQueries queries, string[]? state, string? text, int? limit, long? cursor, CancellationToken cancellationToken)
    {
        var states = new List<TaskState>();
        foreach (var name in (state ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!TaskStates.TryParse(name, out var parsed))
            {
                return ApiProblems.Invalid("state", $"unknown state '{name}'");
            }

            states.Add(parsed);
        }

        if (limit is < 1 or > TaskQueries.MaxLimit)
        {
            return ApiProblems.Invalid("limit", $"must be from 1 to {TaskQueries.MaxLimit}");
        }

        if (cursor is < 1)
        {
            return ApiProblems.Invalid("cursor", "must be a task id from a previous page's next_cursor");
        }

        var page = await queries.ListAsync(new TaskListQuery { States = states, Text = text, Limit = limit ?? 50, Cursor = cursor }, cancellationToken);
        return TypedResults.Ok(new TaskListResponse([.. page.Tasks.Select(t => TaskView.From(t, withSpec: false))], page.NextCursor));
    }

    private static async Task<Results<Ok<TaskView>, ProblemHttpResult>> GetAsync(long id, TaskQueries queries, CancellationToken cancellationToken) =>
        await queries.ShowAsync(id, withSpec: true, cancellationToken) is { } task ? TypedResults.Ok(task) : NoTask(id);

    /// <summary>
    /// A long poll: the task once it ended or waits for a human, or as it is when <c>timeout</c> (default 30s, at most
    /// 2m) runs out; the caller polls again until the state says it settled.
    /// </summary>
    private static async Task<Results<Ok<TaskView>, ProblemHttpResult, ValidationProblem>> WaitAsync(
        long id, string? timeout, TaskWaiter waiter, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(30);
        if (timeout is not null && (!CliDuration.TryParse(timeout, out limit) || limit > MaxWait))
        {
            return ApiProblems.Invalid("timeout", $"'{timeout}' must be a duration up to 2m (e.g. 500ms, 30s, 2m)");
        }

        return await waiter.WaitAsync(id, limit, TimeSpan.FromSeconds(1), cancellationToken) is { } task
            ? TypedResults.Ok(TaskView.From(task, withSpec: false))
            : NoTask(id);
    }

    private static async Task<Results<Ok<IReadOnlyList<JournalEventView>>, ProblemHttpResult, ValidationProblem>> JournalAsync(
        long id, TaskQueries queries, long? after, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > TaskQueries.MaxJournalPage)
        {
            return ApiProblems.Invalid("limit", $"must be from 1 to {TaskQueries.MaxJournalPage}");
        }

        if (await queries.GetAsync(id, cancellationToken) is null)
        {
            return NoTask(id);
        }

        var events = await queries.JournalAsync(id, after ?? 0, limit ?? TaskQueries.MaxJournalPage, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<JournalEventView>>([.. events.Select(JournalEventView.From)]);
    }

    private static async Task<Results<Ok<TaskResult>, ProblemHttpResult>> ResultAsync(long id, TaskQueries queries, CancellationToken cancellationToken)
    {
        var task = await queries.GetAsync(id, cancellationToken);
        if (task is null)
        {
            return NoTask(id);
        }

        var view = TaskView.From(task, withSpec: false);
        return view.Result is { } result
            ? TypedResults.Ok(result)
            : ApiProblems.NotFound($"task #{id} is {view.State} and has no result yet");
    }

    private static async Task<Results<Ok<CancelResponse>, Accepted<CancelResponse>, ProblemHttpResult>> CancelAsync(
        long id, CancelTaskRequest? request, TaskTransitions transitions, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var reason = request?.Reason is { Length: > 0 } given ? given : $"cancelled through the API by {user.Identity?.Name}";
        return await transitions.CancelAsync(id, reason, cancellationToken) switch
        {
            CancelOutcome.NotFound => NoTask(id),
            CancelOutcome.AlreadyFinished => ApiProblems.Conflict($"task #{id} has already ended"),
            CancelOutcome.Requested => TypedResults.Accepted($"/api/tasks/{id}", new CancelResponse(id, "requested")),
            _ => TypedResults.Ok(new CancelResponse(id, "cancelled")),
        };
    }

    /// <summary>The task's whole change as a patch (its branch against where it started), read from the repository's mirror.</summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> DiffAsync(
        long id, TaskQueries queries, HttpContext context, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(id, cancellationToken) is not { } task)
        {
            return NoTask(id);
        }

        // Registered only when the server has the workspaces (errand serve always does).
        if (context.RequestServices.GetService(typeof(TaskDiffs)) is not TaskDiffs diffs)
        {
            return ApiProblems.NotFound("this server keeps no repository mirrors to read diffs from");
        }

        return await diffs.ReadAsync(task, cancellationToken) is { } patch
            ? TypedResults.Text(patch, "text/x-diff")
            : ApiProblems.NotFound($"task #{id} has no change to show yet");
    }

    private static async Task<Results<Ok<TaskView>, ProblemHttpResult>> RetryAsync(long id, TaskTransitions transitions, CancellationToken cancellationToken) =>
        Outcome(id, await transitions.RetryAsync(id, cancellationToken), _ => TransitionRefusals.Retry);

    private static async Task<Results<Ok<TaskView>, ProblemHttpResult, ValidationProblem>> FollowUpAsync(
        long id, FollowUpRequest request, TaskTransitions transitions, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Instruction))
        {
            return ApiProblems.Invalid("instruction", "the follow-up instruction is required");
        }

        return Widen(Outcome(id, await transitions.FollowUpAsync(id, request.Instruction, time.GetUtcNow(), cancellationToken), _ => TransitionRefusals.FollowUp));
    }

    private static async Task<Results<Ok<TaskView>, ProblemHttpResult, ValidationProblem>> ExtendAsync(
        long id, ExtendRequest request, TaskTransitions transitions, CancellationToken cancellationToken)
    {
        var (by, field, problem) = BudgetExtension.Parse(request.Time, request.Steps, request.Tokens, request.Cost);
        if (by is null)
        {
            return ApiProblems.Invalid(field.Length == 0 ? "budget" : field, problem);
        }

        // With its spec: the new budget is what the caller wants to see.
        return Widen(Outcome(id, await transitions.ExtendAsync(id, by, cancellationToken), state => TransitionRefusals.Extend(id, state), withSpec: true));
    }

    private static async Task<Results<Ok<AnswerResponse>, ProblemHttpResult, ValidationProblem>> AnswerAsync(
        long id, AnswerRequest request, TaskTransitions transitions, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Answer))
        {
            return ApiProblems.Invalid("answer", "the answer is required");
        }

        var outcome = await transitions.AnswerAsync(id, request.Answer, request.By is { Length: > 0 } by ? by : user.Identity?.Name ?? "api", cancellationToken);
        return outcome.Status switch
        {
            AnswerStatus.Answered => TypedResults.Ok(new AnswerResponse(TaskView.From(outcome.Task!, withSpec: false), outcome.Answer!)),
            AnswerStatus.NotFound => NoTask(id),
            AnswerStatus.Invalid => ApiProblems.Invalid("answer", outcome.Problem ?? "not an answer to this question"),
            _ => ApiProblems.Conflict($"task #{id} is {outcome.Task?.State.ToWireName()} and waits for no answer (answered already, or it never asked)"),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<InboxItem>>, ValidationProblem>> InboxAsync(
        TaskQueries queries, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > TaskQueries.MaxLimit)
        {
            return ApiProblems.Invalid("limit", $"must be from 1 to {TaskQueries.MaxLimit}");
        }

        return TypedResults.Ok(await queries.InboxAsync(limit ?? 50, cancellationToken));
    }

    private static Results<Ok<TaskView>, ProblemHttpResult> Outcome(
        long id, TransitionOutcome outcome, Func<TaskState?, string> refused, bool withSpec = false) => outcome.Status switch
    {
        TransitionStatus.Applied => TypedResults.Ok(TaskView.From(outcome.Current!, withSpec)),
        TransitionStatus.NotFound => NoTask(id),
        _ => ApiProblems.Conflict(TransitionRefusals.Describe(id, outcome.Current?.State, refused(outcome.Current?.State))),
    };

    private static Results<Ok<TaskView>, ProblemHttpResult, ValidationProblem> Widen(Results<Ok<TaskView>, ProblemHttpResult> result) =>
        result.Result is Ok<TaskView> ok ? ok : (ProblemHttpResult)result.Result;

    private static ProblemHttpResult NoTask(long id) => ApiProblems.NotFound($"no task #{id}");
}
