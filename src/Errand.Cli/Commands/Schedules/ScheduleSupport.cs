using System.CommandLine;
using System.Globalization;
using Errand.Application.Schedules;

namespace Errand.Cli.Commands.Schedules;

/// <summary>What the <c>errand schedule</c> subcommands share.</summary>
internal static class ScheduleSupport
{
    public static Argument<string> NameArgument() => new("name") { Description = "The schedule's name" };

    /// <summary>The next run as people read it: in the schedule's zone, then in UTC.</summary>
    public static string NextRunText(ScheduleView schedule)
    {
        if (schedule.Paused)
        {
            return "paused";
        }

        return schedule.NextRunLocal is { } next
            ? string.Create(CultureInfo.InvariantCulture, $"{next:yyyy-MM-dd HH:mm:ss zzz} {schedule.TimeZone} ({next.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)")
            : "never";
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
