using Errand.Application.Schedules;
using Errand.Application.Tasks;
using Errand.Server.Auth;
using Errand.Server.Contracts;
using Errand.Tokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Errand.Server.Endpoints;

/// <summary>/api/schedules: what <c>errand schedule add|ls|history|pause|resume|trigger|rm</c> do, over <see cref="ScheduleService"/>.</summary>
internal static class ScheduleEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var schedules = routes.MapGroup("/api/schedules").WithTags("schedules");
        schedules.MapGet("", ListAsync).RequireScope(TokenScope.Read);
        schedules.MapPost("", AddAsync).RequireScope(TokenScope.Submit);
        schedules.MapGet("/{name}", GetAsync).RequireScope(TokenScope.Read);
        schedules.MapGet("/{name}/history", HistoryAsync).RequireScope(TokenScope.Read);
        schedules.MapPost("/{name}/pause", (string name, ScheduleService service, CancellationToken ct) => SetPausedAsync(name, true, service, ct)).RequireScope(TokenScope.Submit);
        schedules.MapPost("/{name}/resume", (string name, ScheduleService service, CancellationToken ct) => SetPausedAsync(name, false, service, ct)).RequireScope(TokenScope.Submit);
        schedules.MapPost("/{name}/trigger", TriggerAsync).RequireScope(TokenScope.Submit);
        schedules.MapDelete("/{name}", RemoveAsync).RequireScope(TokenScope.Submit);
    }

    private static async Task<Ok<IReadOnlyList<ScheduleView>>> ListAsync(ScheduleService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ListAsync(cancellationToken));

    private static async Task<Results<Created<ScheduleView>, ValidationProblem, ProblemHttpResult>> AddAsync(
        AddScheduleRequest request, ScheduleService service, TimeProvider time, CancellationToken cancellationToken)
    {
        var (draft, field, problem) = ScheduleDraft.Check(
            request.Name, request.Cron, request.TimeZone, request.Overlap, request.CatchUp, request.Jitter, request.MaxParallel, time.GetUtcNow());
        if (draft is null)
        {
            return ApiProblems.Invalid(field, problem);
        }

        if (string.IsNullOrWhiteSpace(request.Spec))
        {
            return ApiProblems.Invalid("spec", "the spec text each run submits is required");
        }

        var added = await service.AddAsync(draft, request.Spec, TaskSubmission.RequestFile, specPath: null, cancellationToken);
        if (added.NameTaken)
        {
            // The spec was checked before the name was found taken: its warnings come too, as the CLI prints them there.
            return ApiProblems.Conflict($"a schedule named '{draft.Name}' already exists (DELETE it to replace it)", added.Findings);
        }

        return added.Schedule is { } record
            ? TypedResults.Created($"/api/schedules/{Uri.EscapeDataString(record.Name)}", ScheduleView.From(record, time.GetUtcNow()) with { Warnings = added.Findings })
            : ApiProblems.Spec(added.Findings);
    }

    private static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> GetAsync(string name, ScheduleService service, CancellationToken cancellationToken) =>
        await service.GetAsync(name, cancellationToken) is { } schedule ? TypedResults.Ok(schedule) : NoSchedule(name);

    private static async Task<Results<Ok<IReadOnlyList<TickView>>, ProblemHttpResult, ValidationProblem>> HistoryAsync(
        string name, int? limit, ScheduleService service, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > ScheduleService.MaxHistory)
        {
            return ApiProblems.Invalid("limit", $"must be from 1 to {ScheduleService.MaxHistory}");
        }

        return await service.HistoryAsync(name, limit ?? 20, cancellationToken) is { } ticks ? TypedResults.Ok(ticks) : NoSchedule(name);
    }

    private static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> SetPausedAsync(
        string name, bool paused, ScheduleService service, CancellationToken cancellationToken) =>
        await service.SetPausedAsync(name, paused, cancellationToken) is { } schedule ? TypedResults.Ok(schedule) : NoSchedule(name);

    private static async Task<Results<Ok<TickView>, ProblemHttpResult>> TriggerAsync(string name, ScheduleService service, CancellationToken cancellationToken) =>
        await service.TriggerAsync(name, cancellationToken) is { } tick ? TypedResults.Ok(tick) : NoSchedule(name);

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string name, ScheduleService service, CancellationToken cancellationToken) =>
        await service.RemoveAsync(name, cancellationToken) ? TypedResults.NoContent() : NoSchedule(name);

    private static ProblemHttpResult NoSchedule(string name) => ApiProblems.NotFound($"no schedule named '{name}'");
}
