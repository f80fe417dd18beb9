namespace Errand.Server.Contracts;

/// <summary>POST /api/schedules: a routine that fires a task on a cron (the fields of <c>errand schedule add</c>).</summary>
/// <param name="Name">Its unique name.</param>
/// <param name="Cron">Cron expression: 5 fields, or 6 with seconds first.</param>
/// <param name="TimeZone">The IANA zone the cron is read in, e.g. Europe/Berlin or UTC.</param>
/// <param name="Spec">The task spec each run submits, as text; a local repo must be an absolute path.</param>
/// <param name="Overlap">skip (default), buffer_one, cancel_other or allow_all.</param>
/// <param name="CatchUp">How late a missed tick may still run after downtime (default 15m; 0: never).</param>
/// <param name="Jitter">Delay each tick by up to this much (default 0).</param>
/// <param name="MaxParallel">Runs unfinished at once, at most.</param>
internal sealed record AddScheduleRequest(
    string? Name, string? Cron, string? TimeZone, string? Spec, string? Overlap, string? CatchUp, string? Jitter, int? MaxParallel);
