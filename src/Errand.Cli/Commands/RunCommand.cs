using System.CommandLine;
using System.Runtime.CompilerServices;
using Errand.Application.Journal;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Engine.Workers;
using Errand.Journal;
using Errand.Observability;
using Errand.Tasks;
using Spectre.Console;

namespace Errand.Cli.Commands;

/// <summary>
/// <c>errand run FILE</c>: submit a task and follow it live, with a worker in this process. Exit 0 only when the
/// task succeeded. Ctrl+C detaches: the task goes back to the queue, durable, for any worker to finish.
/// </summary>
internal static class RunCommand
{
    // How long a finished task's own notifications may take to go out before the command exits; what is left stays
    // in the outbox for any worker.
    private static readonly TimeSpan NotificationGrace = TimeSpan.FromSeconds(5);

    public static Command Create(GlobalOptions global)
    {
        var file = new Argument<string>("file") { Description = "The task file" };
        var json = GlobalOptions.Json();
        var noWorker = new Option<bool>("--no-worker") { Description = "Only submit and follow; leave the work to other workers" };
        var model = SubmitCommand.ModelOption();
        var command = new Command("run", "Submit a task and follow it to the end") { file, json, noWorker, model };
        command.SetAction(async (parse, ct) =>
        {
            // run brings its own worker to the store; against a server: errand submit, then errand wait or logs -f.
            if (await CommandSupport.RefusedServerAsync(parse, global) is { } refused)
            {
                return refused;
            }

            var spec = await SubmitCommand.LoadOrReportAsync(parse.GetValue(file)!, parse.GetValue(model), ct);
            if (spec is null)
            {
                return ExitCodes.InvalidInput;
            }

            return await CommandSupport.WithHostAsync(parse, global, async host =>
            {
                var config = parse.GetValue(noWorker) ? null : await ConfigLoading.LoadOrReportAsync(host, "run");
                if (config is null && !parse.GetValue(noWorker))
                {
                    return ExitCodes.InvalidInput;
                }

                var task = await SubmitCommand.SubmitAsync(host, spec, ct);
                var asJson = parse.GetValue(json);
                if (!asJson)
                {
                    AnsiConsole.MarkupLine($"[bold]#{task.Id}[/] {Markup.Escape(task.Title)} [grey]queued[/]");
                }

                // Declared before the worker, so it is disposed after it: the task's spans and counters are flushed on exit.
                using var telemetry = config is null ? null : TelemetryExport.Start(config.Telemetry, Environment.GetEnvironmentVariable);
                Worker? worker = null;
                NotificationService? notifications = null;
                if (config is not null)
                {
                    worker = new Worker(host.EngineServices(), new WorkerOptions { Concurrency = 2, ShutdownTimeout = TimeSpan.FromSeconds(2), StuckAfter = config.Notify.StuckAfter });
                    worker.Start();
                    notifications = NotificationService.Start(host, config);
                }

                try
                {
                    // A question stops the follow: in a terminal it is answered here and the run goes on; otherwise the
                    // task waits, parked, for `errand answer`, and this command exits 6.
                    var seen = new StrongBox<long>(0);
                    while (await FollowAsync(host, task.Id, asJson, seen, ct) && await AskHereAsync(host, task.Id, asJson, ct))
                    {
                    }

                    if (notifications is not null && !await notifications.DrainAsync(task.Id, NotificationGrace, ct))
                    {
                        await Console.Error.WriteLineAsync(
                            $"errand: some notifications of task #{task.Id} are not delivered yet; a worker keeps trying (`errand notify ls --task {task.Id}`)");
                    }
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

                    if (notifications is not null)
                    {
                        await notifications.DisposeAsync();
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

    // True when the task stopped to wait for a human.
    private static async Task<bool> FollowAsync(ErrandHost host, long taskId, bool asJson, StrongBox<long> seen, CancellationToken cancellationToken)
    {
        await FollowEventsAsync(host, taskId, asJson, seen, cancellationToken);
        return (await host.Store.GetAsync(taskId, cancellationToken))?.State == TaskState.WaitingForHuman;
    }

    // Shows the question; in an interactive terminal, reads the answer and gives it. True when it was answered here.
    private static async Task<bool> AskHereAsync(ErrandHost host, long taskId, bool asJson, CancellationToken cancellationToken)
    {
        var log = await host.Transitions.ReadQuestionsAsync(taskId, cancellationToken);
        if (log.Open is not { } open || asJson)
        {
            return false;
        }

        AnsiConsole.MarkupLine($"[yellow bold]#{taskId} needs your input[/]");
        foreach (var line in QuestionText.Lines(taskId, open.Question, host.Time.GetUtcNow()))
        {
            AnsiConsole.MarkupLine("  " + Markup.Escape(line));
        }

        if (Console.IsInputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.MarkupLine("[grey]the task waits, holding no worker; once answered, any `errand worker` resumes it[/]");
            return false;
        }

        while (true)
        {
            AnsiConsole.Markup("[yellow]answer>[/] ");
            var typed = await Console.In.ReadLineAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(typed))
            {
                return false; // nothing typed: leave the question in the inbox
            }

            var outcome = await host.Transitions.AnswerAsync(taskId, typed, Environment.UserName, cancellationToken);
            if (outcome.Status == Engine.Tasks.AnswerStatus.Invalid)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(outcome.Problem ?? "not an answer")}[/]");
                continue;
            }

            return outcome.Status == Engine.Tasks.AnswerStatus.Answered;
        }
    }

    // Follows from the event after `seen`, and leaves `seen` at the last one shown.
    private static async Task FollowEventsAsync(ErrandHost host, long taskId, bool asJson, StrongBox<long> seen, CancellationToken cancellationToken)
    {
        var events = Seen(JournalFollower.ReadAsync(
            host.Store, taskId, follow: true, TimeSpan.FromMilliseconds(50), cancellationToken, untilQuestion: true, after: seen.Value), seen);
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

    private static async IAsyncEnumerable<JournalEvent> Seen(IAsyncEnumerable<JournalEvent> events, StrongBox<long> seen)
    {
        await foreach (var e in events)
        {
            seen.Value = e.Seq;
            yield return e;
        }
    }
}
