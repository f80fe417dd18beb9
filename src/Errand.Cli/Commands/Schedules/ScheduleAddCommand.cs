using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Scheduling;
using Errand.Specs;

namespace Errand.Cli.Commands.Schedules;

/// <summary><c>errand schedule add NAME --cron EXPR --tz ZONE --spec FILE</c>: a routine that fires a task on a cron.</summary>
internal static class ScheduleAddCommand
{
    // Enough ticks to see the shortest gap of any ordinary expression (minutely, hourly, weekday lists).
    private const int GapSample = 200;

    public static Command Create(GlobalOptions global)
    {
        var name = ScheduleSupport.NameArgument();
        var cron = new Option<string>("--cron") { Description = "Cron expression: 5 fields (minute hour day-of-month month day-of-week) or 6 (second first)", Required = true };
        var zone = new Option<string>("--tz") { Description = "IANA time zone the cron times are read in, e.g. Europe/Berlin, UTC", Required = true };
        var spec = new Option<string>("--spec") { Description = "The task file each run submits (read and linted now)", Required = true };
        var overlap = new Option<string>("--overlap") { Description = $"When a run is still unfinished at the next tick: {OverlapPolicies.Names}", DefaultValueFactory = _ => "skip" };
        var catchUp = new Option<string>("--catch-up") { Description = "After downtime, run the most recent missed tick if it is at most this late (0: never)", DefaultValueFactory = _ => "15m" };
        var jitter = new Option<string>("--jitter") { Description = "Delay each tick by up to this much (the same for every scheduler)", DefaultValueFactory = _ => "0" };
        var maxParallel = new Option<int?>("--max-parallel") { Description = "Runs unfinished at once, at most; later ticks wait their turn" };
        var json = GlobalOptions.Json();
        var command = new Command("add", "Add a schedule: run a task file on a cron, in a time zone")
        {
            name, cron, zone, spec, overlap, catchUp, jitter, maxParallel, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var problem = Check(parse.GetValue(name)!, parse.GetValue(cron)!, parse.GetValue(zone)!, parse.GetValue(overlap)!,
                parse.GetValue(catchUp)!, parse.GetValue(jitter)!, parse.GetValue(maxParallel), out var schedule);
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync($"errand schedule add: {problem}");
                return ExitCodes.InvalidInput;
            }

            var path = parse.GetValue(spec)!;
            var task = await SubmitCommand.LoadOrReportAsync(path, model: null, ct);
            if (task is null)
            {
                return ExitCodes.InvalidInput;
            }

            var added = schedule! with
            {
                Title = task.Title,
                SpecJson = TaskSpecJson.Serialize(task),
                SpecSource = await File.ReadAllTextAsync(path, ct),
                SpecPath = Path.GetFullPath(path),
            };
            return await CommandSupport.WithHostAsync(parse, global, async host =>
            {
                var record = await host.Store.AddScheduleAsync(added, ct);
                if (record is null)
                {
                    await Console.Error.WriteLineAsync($"errand schedule add: a schedule named '{added.Name}' already exists (errand schedule rm to replace it)");
                    return ExitCodes.InvalidInput;
                }

                var now = host.Time.GetUtcNow();
                if (parse.GetValue(json))
                {
                    CommandSupport.PrintJson(ScheduleView.From(record, now));
                }
                else
                {
                    Console.WriteLine($"schedule {record.Name} added: next run {ScheduleSupport.NextRunText(record, now)}");
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    /// <summary>Checks every option before the spec is read; returns what is wrong, or null with the schedule to add.</summary>
    private static string? Check(string name, string cron, string zone, string overlap, string catchUp, string jitter, int? maxParallel, out NewSchedule? schedule)
    {
        schedule = null;
        if (!ScheduleName.IsValid(name))
        {
            return $"name '{name}': {ScheduleName.Rule}";
        }

        if (!CronSchedule.TryParse(cron, zone, out var parsed, out var problem))
        {
            return problem;
        }

        if (!OverlapPolicies.TryParse(overlap, out var policy))
        {
            return $"--overlap '{overlap}' is not one of {OverlapPolicies.Names}";
        }

        if (!ScheduleSupport.TryParseWindow(catchUp, out var window))
        {
            return $"--catch-up '{catchUp}' is not a duration (e.g. 0, 15m, 1h)";
        }

        if (!ScheduleSupport.TryParseWindow(jitter, out var spread))
        {
            return $"--jitter '{jitter}' is not a duration (e.g. 0, 30s, 5m)";
        }

        // A jitter as long as the gap between ticks would let a later tick come due before an earlier one.
        if (spread > TimeSpan.Zero && parsed!.ShortestGap(TimeProvider.System.GetUtcNow(), GapSample) is { } gap && spread >= gap)
        {
            return $"--jitter {jitter} must be shorter than the time between two runs of '{cron}' ({Budgets.BudgetText.Duration(gap)})";
        }

        if (maxParallel is < 1)
        {
            return $"--max-parallel must be at least 1, got {maxParallel}";
        }

        schedule = new NewSchedule(name, parsed!.Expression, zone.Trim(), "", "")
        {
            Overlap = policy,
            CatchUp = window,
            Jitter = spread,
            MaxParallel = maxParallel,
        };
        return null;
    }
}
