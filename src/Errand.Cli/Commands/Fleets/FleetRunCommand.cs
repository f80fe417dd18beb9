using System.CommandLine;
using Errand.Application.Fleets;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Engine.Workers;
using Spectre.Console;

namespace Errand.Cli.Commands.Fleets;

/// <summary>
/// <c>errand fleet run FILE</c>: create a fleet (or a best-of-N group) and follow it to its end, with a worker in this
/// process unless told otherwise. Exit 0 when the fleet succeeded, 1 when it failed, 5 when cancelled. Ctrl+C detaches:
/// the fleet goes on, durable, for any worker.
/// </summary>
internal static class FleetRunCommand
{
    public static Command Create(GlobalOptions global)
    {
        var file = new Argument<string>("file") { Description = "The fleet file: a task spec with a 'fleet:' section, or with 'attempts: N'" };
        var json = GlobalOptions.Json();
        var noWorker = new Option<bool>("--no-worker") { Description = "Only submit and follow; leave the work to other workers" };
        var command = new Command("run", "Create a fleet and follow it to the end") { file, json, noWorker };
        command.SetAction(async (parse, ct) =>
        {
            var fleet = await FleetSupport.LoadOrReportAsync(parse.GetValue(file)!, ct);
            if (fleet is null)
            {
                return ExitCodes.InvalidInput;
            }

            return await CommandSupport.WithHostAsync(parse, global, async host =>
            {
                var config = parse.GetValue(noWorker) ? null : await ConfigLoading.LoadOrReportAsync(host, "fleet run");
                if (config is null && !parse.GetValue(noWorker))
                {
                    return ExitCodes.InvalidInput;
                }

                var created = await host.Transitions.SubmitFleetAsync(fleet, ct);
                var asJson = parse.GetValue(json);
                if (!asJson)
                {
                    var sliced = created.PlannerTaskId is { } planner ? $"slices from planner #{planner}" : $"{created.Counts.Total} slices";
                    AnsiConsole.MarkupLine($"[bold]fleet #{created.Id}[/] {Markup.Escape(created.Title)} [grey]{sliced}, at most {created.MaxParallel} at once[/]");
                }

                Worker? worker = null;
                if (config is not null)
                {
                    // Enough slots for the fleet's parallelism (the store holds the cap; more slots would sit idle).
                    worker = new Worker(host.EngineServices(), new WorkerOptions
                    {
                        Concurrency = Math.Clamp(created.MaxParallel, 2, 16),
                        ShutdownTimeout = TimeSpan.FromSeconds(2),
                        StuckAfter = config.Notify.StuckAfter,
                    });
                    worker.Start();
                }

                try
                {
                    var done = await FleetSupport.FollowAsync(host, created.Id, asJson, ct);
                    var slices = await host.Store.ListSlicesAsync(created.Id, CancellationToken.None);
                    var planner = await PlannerStage.LoadAsync(host.Store, done, CancellationToken.None);
                    if (asJson)
                    {
                        CommandSupport.PrintJson(FleetView.From(done, slices, planner));
                    }
                    else
                    {
                        AnsiConsole.WriteLine();
                        FleetPrinter.Print(AnsiConsole.Console, done, slices, planner);
                    }

                    return FleetSupport.ExitCode(done.State);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    await Console.Error.WriteLineAsync(
                        $"errand: detached; fleet #{created.Id} goes on. Finish it with `errand worker`, or `errand fleet cancel {created.Id}`.");
                    return ExitCodes.Interrupted;
                }
                finally
                {
                    if (worker is not null)
                    {
                        await worker.DisposeAsync();
                    }
                }
            }, ct);
        });
        return command;
    }
}
