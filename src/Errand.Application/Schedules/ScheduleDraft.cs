using Errand.Budgets;
using Errand.Scheduling;

namespace Errand.Application.Schedules;

/// <summary>
/// A schedule's settings as people give them (the CLI's options, the API's fields), checked before any spec is read.
/// Fields are named as the API names them: name, cron, time_zone, overlap, catch_up, jitter, max_parallel.
/// </summary>
public static class ScheduleDraft
{
    // Enough ticks to see the shortest gap of any ordinary expression (minutely, hourly, weekday lists).
    private const int GapSample = 200;

    /// <summary>The schedule to add (its title and spec still empty), or null with the field at fault and why.</summary>
    /// <param name="name">Its unique name.</param>
    /// <param name="cron">The cron expression (5 or 6 fields).</param>
    /// <param name="zone">The IANA time zone.</param>
    /// <param name="overlap">The overlap policy's name, or null for skip.</param>
    /// <param name="catchUp">The catch-up window (0: never), or null for the default.</param>
    /// <param name="jitter">The jitter (0: none), or null for none.</param>
    /// <param name="maxParallel">Unfinished runs at once, at most, or null.</param>
    /// <param name="now">The current time (for the gap between ticks).</param>
    public static (NewSchedule? Schedule, string Field, string Problem) Check(
        string? name, string? cron, string? zone, string? overlap, string? catchUp, string? jitter, int? maxParallel, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name) || !ScheduleName.IsValid(name))
        {
            return (null, "name", $"'{name}': {ScheduleName.Rule}");
        }

        if (string.IsNullOrWhiteSpace(cron))
        {
            return (null, "cron", "a cron expression is required");
        }

        if (string.IsNullOrWhiteSpace(zone))
        {
            return (null, "time_zone", "an IANA time zone is required, e.g. Europe/Berlin or UTC");
        }

        if (!CronSchedule.TryParse(cron, zone, out var parsed, out var problem))
        {
            return (null, problem.Contains("zone", StringComparison.OrdinalIgnoreCase) ? "time_zone" : "cron", problem);
        }

        var policy = OverlapPolicy.Skip;
        if (overlap is not null && !OverlapPolicies.TryParse(overlap, out policy))
        {
            return (null, "overlap", $"'{overlap}' is not one of {OverlapPolicies.Names}");
        }

        var window = NewSchedule.DefaultCatchUp;
        if (catchUp is not null && !TryParseWindow(catchUp, out window))
        {
            return (null, "catch_up", $"'{catchUp}' is not a duration (e.g. 0, 15m, 1h)");
        }

        var spread = TimeSpan.Zero;
        if (jitter is not null && !TryParseWindow(jitter, out spread))
        {
            return (null, "jitter", $"'{jitter}' is not a duration (e.g. 0, 30s, 5m)");
        }

        // A jitter as long as the gap between ticks would let a later tick come due before an earlier one.
        if (spread > TimeSpan.Zero && parsed!.ShortestGap(now, GapSample) is { } gap && spread >= gap)
        {
            return (null, "jitter", $"{jitter} must be shorter than the time between two runs of '{cron}' ({BudgetText.Duration(gap)})");
        }

        if (maxParallel is < 1)
        {
            return (null, "max_parallel", $"must be at least 1, got {maxParallel}");
        }

        return (new NewSchedule(name, parsed!.Expression, zone.Trim(), "", "")
        {
            Overlap = policy,
            CatchUp = window,
            Jitter = spread,
            MaxParallel = maxParallel,
        }, "", "");
    }

    /// <summary>A duration that may also be 0 (none): 0, 30s, 15m, 1h30m.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration.</param>
    public static bool TryParseWindow(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim() is "0" or "none")
        {
            value = TimeSpan.Zero;
            return true;
        }

        return CliDuration.TryParse(text, out value);
    }
}
