namespace Errand.Cli.Backends;

/// <summary>A schedule as typed on <c>errand schedule add</c>; checked by <see cref="Application.Schedules.ScheduleDraft"/> wherever it is added.</summary>
internal sealed record ScheduleOptions(string? Name, string? Cron, string? TimeZone, string? Overlap, string? CatchUp, string? Jitter, int? MaxParallel);
