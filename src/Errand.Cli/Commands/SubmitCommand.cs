using System.CommandLine;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Cli.Specs;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Cli.Commands;

/// <summary><c>errand submit FILE</c>: queue a task and print its id.</summary>
internal static class SubmitCommand
{
    public static Command Create(GlobalOptions global)
    {
        var file = new Argument<string>("file") { Description = "The task file" };
        var json = GlobalOptions.Json();
        var model = ModelOption();
        var command = new Command("submit", "Queue a task for a worker and print its id") { file, json, model };
        command.SetAction(async (parse, ct) =>
        {
            var spec = await LoadOrReportAsync(parse.GetValue(file)!, parse.GetValue(model), ct);
            if (spec is null)
            {
                return ExitCodes.InvalidInput;
            }

            return await CommandSupport.WithHostAsync(parse, global, async host =>
            {
                var task = await SubmitAsync(host, spec, ct);
                if (parse.GetValue(json))
                {
                    CommandSupport.PrintJson(TaskView.From(task, withSpec: false));
                }
                else
                {
                    Console.WriteLine(task.Id);
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    /// <summary><c>--model provider/model</c>: run the spec on another model than its own (the demo on a real one).</summary>
    public static Option<string?> ModelOption() => new("--model")
    {
        Description = "Use this model instead of the spec's, e.g. openai/gpt-5-mini (needs its API key or base URL)",
    };

    /// <summary>Loads a spec, printing every finding; null when it has errors.</summary>
    public static async Task<TaskSpec?> LoadOrReportAsync(string path, string? model, CancellationToken cancellationToken)
    {
        var result = await SpecFile.LoadAsync(path, cancellationToken);
        var findings = result.Diagnostics.Concat(await RepoLint.CheckAsync(result, cancellationToken)).ToList();
        if (findings.Count > 0)
        {
            DiagnosticPrinter.Print(findings);
        }

        if (result.Spec is { } group && Errand.Fleets.FleetDefinition.IsGroup(group))
        {
            // A fleet or best-of-N spec is many tasks, not one: submitted here it would run once, as its template.
            var field = group.Fleet is null ? "attempts" : "fleet";
            var at = result.Positions.TryGetValue(field, out var p) ? p : new SourcePosition(1, 1);
            DiagnosticPrinter.Print([new SpecDiagnostic(DiagnosticSeverity.Error, SpecCodes.FleetConflict,
                $"this spec runs as {(group.Fleet is null ? "a best-of-N group" : "a fleet")}: use `errand fleet run {path}`", result.File, at.Line, at.Column, field)]);
            return null;
        }

        if (model is null || result.Spec is null)
        {
            return result.Spec;
        }

        if (!ModelName.IsValid(model))
        {
            await Console.Error.WriteLineAsync($"errand: --model '{model}' must be {ModelName.Expected}");
            return null;
        }

        return result.Spec with { Model = model };
    }

    public static Task<TaskRecord> SubmitAsync(ErrandHost host, TaskSpec spec, CancellationToken cancellationToken) =>
        host.Transitions.SubmitAsync(new NewTask(spec.Title, TaskSpecJson.Serialize(spec)), cancellationToken);
}
