using System.CommandLine;
using Errand.Cli.Backends;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Fleets;
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
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            // Against a server its workers do the work; here, a worker in this process unless told otherwise.
            var host = backend is LocalBackend local && !parse.GetValue(noWorker) ? local.Host : null;
            var config = host is null ? null : await ConfigLoading.LoadOrReportAsync(host, "fleet run");
            if (host is not null && config is null)
            {
                return ExitCodes.InvalidInput;
            }

            if (await FleetSupport.RunOrReportAsync(backend, parse.GetValue(file)!, ct) is not { } created)
            {
                return ExitCodes.InvalidInput;
            }

            var asJson = parse.GetValue(json);
            if (!asJson)
            {
                var sliced = created.Planner is { } planner ? $"slices from planner #{planner.TaskId}" : $"{created.Counts.Total} slices";
                AnsiConsole.MarkupLine($"[bold]fleet #{created.Id}[/] {Markup.Escape(created.Title)} [grey]{sliced}, at most {created.MaxParallel} at once[/]");
            }

            Worker? worker = null;
            if (host is not null && config is not null)
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
                var done = await FleetSupport.FollowAsync(backend, created.Id, asJson, ct);
                if (asJson)
                {
                    CommandSupport.PrintJson(done);
                }
                else
                {
                    AnsiConsole.WriteLine();
                    FleetPrinter.Print(AnsiConsole.Console, done);
                }

                return FleetSupport.ExitCode(FleetStates.ParseFleet(done.State));
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
        }, ct));
        return command;
    }
}
