using Errand.Application.Fleets;
using Errand.Fleets;
using Errand.Tasks;
using Spectre.Console;

namespace Errand.Cli.Output;

/// <summary>Fleets as people read them: a summary, the counts, and the fan-in's report.</summary>
internal static class FleetPrinter
{
    public static string StateMarkup(FleetState state) => state switch
    {
        FleetState.Succeeded => "[green]succeeded[/]",
        FleetState.Failed => "[red]failed[/]",
        FleetState.Cancelled => "[yellow]cancelled[/]",
        _ => $"[blue]{state.ToWireName()}[/]",
    };

    public static string Counts(FleetCounts c) =>
        $"{c.Ended}/{c.Total} done: {c.Succeeded} succeeded, {c.Failed} failed, {c.Other} other; {c.Released} running or queued, {c.Pending} pending";

    /// <summary>A fleet with its slices and planner (as the store or the API gives it): summary, counts, running slices or the report.</summary>
    public static void Print(IAnsiConsole console, FleetView fleet)
    {
        var state = FleetStates.ParseFleet(fleet.State);
        var planner = fleet.Planner;
        console.MarkupLine($"[bold]fleet #{fleet.Id}[/] {Markup.Escape(fleet.Title)}  {StateMarkup(state)}");
        console.MarkupLine($"  [grey]{Markup.Escape(fleet.Kind)}, fan-in {Markup.Escape(fleet.FanIn)}, at most {fleet.MaxParallel} at once"
            + (fleet.StopAfter is { } stop ? $", stop after {stop} failed" : "") + "[/]");
        console.MarkupLine("  " + Markup.Escape(Counts(fleet.Counts)));
        if (fleet.Reason is { } reason)
        {
            console.MarkupLine($"  [grey]{Markup.Escape(reason)}[/]");
        }

        if (planner is not null)
        {
            console.MarkupLine("  " + Markup.Escape(planner.Line()));
            if (state == FleetState.Planning && planner.Proposed is { } proposed)
            {
                foreach (var line in SliceProposals.Describe(proposed).Split('\n'))
                {
                    console.MarkupLine($"    {Markup.Escape(line)}");
                }
            }
        }

        if (fleet.Report is not { } report)
        {
            foreach (var slice in (fleet.Slices ?? []).Where(s => s.TaskState is { } task && TaskStates.Parse(task) is TaskState.Running or TaskState.WaitingForHuman))
            {
                console.MarkupLine($"  [blue]running[/] #{slice.TaskId} slice {slice.Index + 1}: {Markup.Escape(slice.Title)}");
            }

            return;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("#").AddColumn("slice").AddColumn("state").AddColumn("task")
            .AddColumn("cost").AddColumn(report.FanIn == FanInKinds.Merge ? "merge" : "branch").AddColumn("summary");
        foreach (var s in report.Slices)
        {
            var merge = report.FanIn == FanInKinds.Merge
                ? (s.Merge ?? "") + (s.Conflicts.Count > 0 ? ": " + string.Join(", ", s.Conflicts) : "")
                : (s.Branch ?? "") + (report.Winner == s.Index ? " (picked)" : "");
            table.AddRow(
                (s.Index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(s.Value),
                Markup.Escape(s.State),
                s.TaskId is { } id ? "#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                s.CostUsd.ToString("$0.00", System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(merge),
                Markup.Escape(Shorten(s.Summary)));
        }

        console.Write(table);
        console.MarkupLine($"  cost {report.CostUsd.ToString("$0.00", System.Globalization.CultureInfo.InvariantCulture)}"
            + (report.IntegrationBranch is { } branch ? $"; integration branch [bold]{Markup.Escape(branch)}[/]" : "")
            + (report.WinnerBranch is { } winner ? $"; winner [bold]{Markup.Escape(winner)}[/] ({Markup.Escape(report.PickedBecause ?? "")})" : ""));
        if (report.KeptForReview.Count > 0)
        {
            console.MarkupLine($"  kept for review: {Markup.Escape(string.Join(", ", report.KeptForReview))}");
        }
    }

    private static string Shorten(string? text)
    {
        var line = (text ?? "").Split('\n', 2)[0];
        return line.Length <= 80 ? line : line[..79] + "…";
    }
}
