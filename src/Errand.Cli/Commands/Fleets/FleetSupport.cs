using Errand.Application.Fleets;
using Errand.Cli.Backends;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Fleets;
using Spectre.Console.Rendering;
using Spectre.Console;

namespace Errand.Cli.Commands.Fleets;

/// <summary>What the fleet commands share: loading a fleet file into what the store creates, and following a fleet live.</summary>
internal static class FleetSupport
{
    /// <summary>Creates the fleet a file describes (a <c>fleet:</c> section, or <c>attempts: N</c>), every finding printed; null when it cannot run.</summary>
    public static async Task<FleetView?> RunOrReportAsync(IErrandBackend backend, string path, CancellationToken cancellationToken)
    {
        var (fleet, findings) = await backend.RunFleetAsync(path, cancellationToken);
        if (findings.Count > 0)
        {
            DiagnosticPrinter.Print(findings);
        }

        return fleet;
    }

    /// <summary>The exit code a finished fleet gives: 0 succeeded, 1 failed, 5 cancelled.</summary>
    public static int ExitCode(FleetState state) => state switch
    {
        FleetState.Succeeded => ExitCodes.Ok,
        FleetState.Cancelled => ExitCodes.TaskCancelled,
        _ => ExitCodes.TaskFailed,
    };

    /// <summary>
    /// Follows a fleet until it finishes: live bars (done, failed, running, queued) and a line per running slice in a
    /// terminal, a line per change otherwise, nothing with <paramref name="quiet"/>. Returns the finished fleet.
    /// </summary>
    public static async Task<FleetView> FollowAsync(IErrandBackend backend, long fleetId, bool quiet, CancellationToken cancellationToken)
    {
        if (quiet || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            string? last = null;
            while (true)
            {
                var fleet = await backend.GetFleetAsync(fleetId, cancellationToken);
                var line = FleetStates.ParseFleet(fleet.State) == FleetState.Planning && fleet.Planner is { } stage
                    ? $"fleet #{fleet.Id} planning: {stage.Line()}"
                    : $"fleet #{fleet.Id} {fleet.State}: {FleetPrinter.Counts(fleet.Counts)}";
                if (!quiet && line != last)
                {
                    Console.WriteLine(line);
                    last = line;
                }

                if (FleetStates.ParseFleet(fleet.State).IsFinished())
                {
                    return fleet;
                }

                await backend.WaitForChangeAsync(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }

        FleetView? done = null;
        await AnsiConsole.Live(new Text("")).AutoClear(false).StartAsync(async live =>
        {
            while (true)
            {
                var fleet = await backend.GetFleetAsync(fleetId, cancellationToken);
                live.UpdateTarget(Render(fleet));
                if (FleetStates.ParseFleet(fleet.State).IsFinished())
                {
                    done = fleet;
                    return;
                }

                await backend.WaitForChangeAsync(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        });
        return done!;
    }

    private static IRenderable Render(FleetView fleet)
    {
        var state = FleetStates.ParseFleet(fleet.State);
        if (state == FleetState.Planning && fleet.Planner is { } planner)
        {
            var title = new Markup($"[bold]fleet #{fleet.Id}[/] {Markup.Escape(fleet.Title)}  {FleetPrinter.StateMarkup(state)}");
            var proposed = planner.Proposed is { } p && planner.WaitingForApproval
                ? SliceProposals.Describe(p).Split('\n').Select(l => (IRenderable)new Markup($"    {Markup.Escape(l)}"))
                : [];
            return new Rows([title, new Markup($"  [blue]{Markup.Escape(planner.Line())}[/]"), .. proposed]);
        }

        var c = fleet.Counts;
        var running = (fleet.Slices ?? []).Where(s => s.TaskState is { } task && Tasks.TaskStates.Parse(task) == Tasks.TaskState.Running).ToList();
        var queued = c.Released - running.Count;
        var bars = new BarChart().Width(60).WithMaxValue(Math.Max(1, c.Total))
            .Label($"[bold]fleet #{fleet.Id}[/] {Markup.Escape(fleet.Title)}  {FleetPrinter.StateMarkup(state)}")
            .AddItem("done", c.Succeeded + c.Other, Color.Green)
            .AddItem("failed", c.Failed, Color.Red)
            .AddItem("running", running.Count, Color.Blue)
            .AddItem("queued", queued + c.Pending, Color.Grey);
        var lines = running.Take(20).Select(s => (IRenderable)new Markup(
            $"  [blue]running[/] #{s.TaskId} slice {s.Index + 1}/{c.Total}: {Markup.Escape(s.Title)}")).ToList();
        if (running.Count > 20)
        {
            lines.Add(new Markup($"  [grey]… {running.Count - 20} more running[/]"));
        }

        return new Rows([bars, .. lines]);
    }
}
