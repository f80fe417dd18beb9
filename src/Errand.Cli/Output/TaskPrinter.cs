using Errand.Application.Tasks;
using Errand.Results;
using Errand.Tasks;
using Spectre.Console;

namespace Errand.Cli.Output;

/// <summary>Prints a task and its report for people.</summary>
internal static class TaskPrinter
{
    public static string StateMarkup(TaskState state) => state switch
    {
        TaskState.Succeeded => "[bold green]succeeded[/]",
        TaskState.Failed => "[bold red]failed[/]",
        TaskState.Partial => "[bold yellow]partial[/]",
        TaskState.Cancelled => "[bold grey]cancelled[/]",
        TaskState.Running => "[bold blue]running[/]",
        _ => $"[bold]{state.ToWireName()}[/]",
    };

    public static void Print(IAnsiConsole console, TaskView view, TaskState state)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[grey]task[/]", $"[bold]#{view.Id}[/] {Markup.Escape(view.Title)}");
        grid.AddRow("[grey]state[/]", StateMarkup(state) + (view.Reason is null ? "" : $" — {Markup.Escape(view.Reason)}"));
        grid.AddRow("[grey]attempt[/]", view.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (view.After is { Count: > 0 } after)
        {
            grid.AddRow("[grey]after[/]", Markup.Escape(string.Join(", ", after)));
        }

        if (view.Dependants is { Count: > 0 } dependants)
        {
            grid.AddRow("[grey]dependants[/]", Markup.Escape(string.Join(", ", dependants)));
        }

        if (view.Result is { } result)
        {
            if (result.Branch is not null)
            {
                grid.AddRow("[grey]branch[/]", $"{Markup.Escape(result.Branch)} @ {result.HeadCommit?[..12]}");
            }

            if (result.DiffStat is { FilesChanged: > 0 } stat)
            {
                grid.AddRow("[grey]changes[/]", $"{stat.FilesChanged} file{(stat.FilesChanged == 1 ? "" : "s")}, [green]+{stat.Insertions}[/] [red]-{stat.Deletions}[/]");
            }

            if (result.Duration is { } duration)
            {
                grid.AddRow("[grey]took[/]", $"{duration.TotalSeconds:0.##}s");
            }

            if (result.Workspace is { } workspace)
            {
                grid.AddRow("[grey]workspace[/]", Markup.Escape(workspace));
            }

            if (result.Environment is { } environment)
            {
                grid.AddRow("[grey]environment[/]", Markup.Escape(environment));
            }
        }

        console.Write(grid);
        if (view.Result is { } r)
        {
            PrintChecks(console, r);
            PrintDoneWhen(console, r);
        }
    }

    private static void PrintChecks(IAnsiConsole console, TaskResult result)
    {
        if (result.Checks.Count == 0 && result.ProtectViolations.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("checks")
            .AddColumn("check").AddColumn("result").AddColumn(new TableColumn("exit").RightAligned()).AddColumn(new TableColumn("time").RightAligned());
        foreach (var check in result.Checks)
        {
            table.AddRow(
                Markup.Escape(check.Name),
                check.Passed ? "[green]passed[/]" : check.TimedOut ? "[red]timed out[/]" : "[red]failed[/]",
                check.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{check.Duration.TotalSeconds:0.###}s");
        }

        foreach (var path in result.ProtectViolations)
        {
            table.AddRow($"protect: {Markup.Escape(path)}", "[red]changed[/]", "", "");
        }

        console.Write(table);
        foreach (var failed in result.Checks.Where(c => !c.Passed && c.OutputTail.Length > 0))
        {
            console.Write(new Panel(new Text(failed.OutputTail)).Header($"output of '{Markup.Escape(failed.Name)}'").BorderColor(Color.Red));
        }
    }

    private static void PrintDoneWhen(IAnsiConsole console, TaskResult result)
    {
        if (result.DoneWhen.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("done when").AddColumn("criterion").AddColumn("evidence");
        foreach (var item in result.DoneWhen)
        {
            var evidence = item.Status switch
            {
                "verified" => $"[green]verified[/] by {Markup.Escape(item.Check ?? "")}",
                "failed" => $"[red]failed[/] ({Markup.Escape(item.Check ?? "")})",
                _ => "[yellow]not checked[/]",
            };
            table.AddRow(Markup.Escape(item.Criterion), evidence);
        }

        console.Write(table);
    }
}
