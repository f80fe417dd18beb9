using System.CommandLine;
using Errand.Application.Schedules;
using Errand.Cli.Backends;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Scheduling;
using Errand.Specs;

namespace Errand.Cli.Commands.Schedules;

/// <summary><c>errand schedule add NAME --cron EXPR --tz ZONE --spec FILE</c>: a routine that fires a task on a cron.</summary>
internal static class ScheduleAddCommand
{
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
            var options = new ScheduleOptions(parse.GetValue(name), parse.GetValue(cron), parse.GetValue(zone), parse.GetValue(overlap),
                parse.GetValue(catchUp), parse.GetValue(jitter), parse.GetValue(maxParallel));
            var (draft, field, problem) = ScheduleDraft.Check(options.Name, options.Cron, options.TimeZone, options.Overlap,
                options.CatchUp, options.Jitter, options.MaxParallel, TimeProvider.System.GetUtcNow());
            if (draft is null)
            {
                await Console.Error.WriteLineAsync($"errand schedule add: {(field == "name" ? "name" : Flag(field))} {problem}");
                return ExitCodes.InvalidInput;
            }

            var path = parse.GetValue(spec)!;
            if (!File.Exists(path))
            {
                DiagnosticPrinter.Print([new SpecDiagnostic(DiagnosticSeverity.Error, "E001", "file not found", path, 1, 1, null)]);
                return ExitCodes.InvalidInput;
            }

            return await CommandSupport.WithBackendAsync(parse, global, async backend =>
            {
                var added = await backend.AddScheduleAsync(options, path, ct);
                if (added.Findings.Count > 0)
                {
                    DiagnosticPrinter.Print(added.Findings);
                }

                if (added.NameTaken)
                {
                    await Console.Error.WriteLineAsync($"errand schedule add: a schedule named '{draft.Name}' already exists (errand schedule rm to replace it)");
                }

                if (added.Schedule is not { } view)
                {
                    return ExitCodes.InvalidInput;
                }

                if (parse.GetValue(json))
                {
                    CommandSupport.PrintJson(view);
                }
                else
                {
                    Console.WriteLine($"schedule {view.Name} added: next run {ScheduleSupport.NextRunText(view)}");
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    private static string Flag(string field) => field switch
    {
        "time_zone" => "--tz",
        _ => "--" + field.Replace('_', '-'),
    };
}
