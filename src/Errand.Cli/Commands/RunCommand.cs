using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Engine.Workers;
using Errand.Journal;
using Errand.Tasks;
using Spectre.Console;

namespace Errand.Cli.Commands;

/// <summary>
/// <c>errand run FILE</c>: submit a task and follow it live, with a worker in this process. Exit 0 only when the
/// task succeeded. Ctrl+C detaches: the task goes back to the queue, durable, for any worker to finish.
/// </summary>
internal static class RunCommand
{
    public static Command Create(GlobalOptions global)
    {
        var file = new Argument<string>("file") { Description = "The task file" };
        var json = GlobalOptions.Json();
        var noWorker = new Option<bool>("--no-worker") { Description = "Only submit and follow; leave the work to other workers" };
        var model = SubmitCommand.ModelOption();
        var command = new Command("run", "Submit a task and follow it to the end") { file, json, noWorker, model };
        command.SetAction(async (parse, ct) =>
        {
            var spec = await SubmitCommand.LoadOrReportAsync(parse.GetValue(file)!, parse.GetValue(model), ct);
            if (spec is null)
            {
                return ExitCodes.InvalidInput;
            }

            return await CommandSupport.WithHostAsync(parse, global, async host =>
            {
                var task = await SubmitCommand.SubmitAsync(host, spec, ct);
                var asJson = parse.GetValue(json);
                if (!asJson)
                {
                    AnsiConsole.MarkupLine($"[bold]#{task.Id}[/] {Markup.Escape(task.Title)} [grey]queued[/]");
                }

                Worker? worker = null;
                if (!parse.GetValue(noWorker))
                {
                    worker = new Worker(host.EngineServices(), new WorkerOptions { Concurrency = 2, ShutdownTimeout = TimeSpan.FromSeconds(2) });
                    worker.Start();
                }

                try
                {
                    await FollowAsync(host, task.Id, asJson, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    await Console.Error.WriteLineAsync(
                        $"errand: detached; task #{task.Id} stays queued. Finish it with `errand worker`, or `errand cancel {task.Id}`.");
                    return ExitCodes.Interrupted;
                }
                finally
                {
                    if (worker is not null)
                    {
                        await worker.DisposeAsync();
                    }
                }

                var done = (await host.Store.GetAsync(task.Id, CancellationToken.None))!;
                var view = TaskView.From(done, withSpec: false);
                if (asJson)
                {
                    CommandSupport.PrintJson(view);
                }
                else
                {
                    AnsiConsole.WriteLine();
                    TaskPrinter.Print(AnsiConsole.Console, view, done.State);
                }

                return ExitCodes.ForState(done.State);
            }, ct);
        });
        return command;
    }

    private static async Task FollowAsync(ErrandHost host, long taskId, bool asJson, CancellationToken cancellationToken)
    {
        var events = JournalFollower.ReadAsync(host.Store, taskId, follow: true, TimeSpan.FromMilliseconds(50), cancellationToken);
        if (asJson || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            await foreach (var e in events)
            {
                if (!asJson)
                {
                    AnsiConsole.MarkupLine(EventText.Markup(e));
                }
            }

            return;
        }

        await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync("queued", async status =>
        {
            var phase = "queued";
            var started = host.Time.GetTimestamp();
            await foreach (var e in events)
            {
                AnsiConsole.MarkupLine(EventText.Markup(e));
                phase = e.Kind switch
                {
                    JournalKinds.PhaseStarted => e.Message,
                    JournalKinds.Claimed => "starting",
                    JournalKinds.State when e.Message.Contains(TaskState.Queued.ToWireName(), StringComparison.Ordinal) => "queued",
                    _ => phase,
                };
                status.Status($"{phase} [grey]{host.Time.GetElapsedTime(started).TotalSeconds:0}s[/]");
            }
        });
    }
}
