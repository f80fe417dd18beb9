using System.CommandLine;
using System.Globalization;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Scheduling;

namespace Errand.Cli.Commands.Schedules;

/// <summary>What the <c>errand schedule</c> subcommands share.</summary>
internal static class ScheduleSupport
{
    public static Argument<string> NameArgument() => new("name") { Description = "The schedule's name" };

    /// <summary>The schedule, or null after saying there is none (the caller exits with <see cref="ExitCodes.NotFound"/>).</summary>
    public static async Task<ScheduleRecord?> FindAsync(ErrandHost host, string name, CancellationToken cancellationToken)
    {
        var schedule = await host.Store.GetScheduleAsync(name, cancellationToken);
        if (schedule is null)
        {
            await Console.Error.WriteLineAsync($"errand: no schedule named '{name}'");
        }

        return schedule;
    }

    /// <summary>The next run as people read it: in the schedule's zone, then in UTC.</summary>
    public static string NextRunText(ScheduleRecord schedule, DateTimeOffset now)
    {
        if (schedule.Paused)
        {
            return "paused";
        }

        return ScheduleView.NextRun(schedule, now) is { } next
            ? string.Create(CultureInfo.InvariantCulture, $"{next:yyyy-MM-dd HH:mm:ss zzz} {schedule.TimeZone} ({next.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)")
            : "never";
    }

    /// <summary>A duration option that may also be 0 (none): 0, 30s, 15m, 1h30m.</summary>
    public static bool TryParseWindow(string text, out TimeSpan value)
    {
        if (text.Trim() is "0" or "none")
        {
            value = TimeSpan.Zero;
            return true;
        }

        return CliDuration.TryParse(text, out value);
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
