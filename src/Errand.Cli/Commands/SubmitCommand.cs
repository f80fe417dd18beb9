using System.CommandLine;
using Errand.Application.Specs;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Cli.Specs;
using Errand.Dependencies;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Cli.Commands;

/// <summary>
/// <c>errand submit FILE...</c>: queue tasks and print their ids. Several files are one batch, accepted atomically: their
/// <c>after:</c> refs resolve by name within the batch first, then to stored tasks, and a cycle or an unknown ref stops
/// the whole batch before anything is enqueued.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create(GlobalOptions global)
    {
        var files = new Argument<string[]>("files") { Description = "The task files (several: one batch, all or none)", Arity = ArgumentArity.OneOrMore };
        var json = GlobalOptions.Json();
        var model = ModelOption();
        var command = new Command("submit", "Queue tasks for a worker and print their ids") { files, json, model };
        command.SetAction(async (parse, ct) =>
        {
            var entries = new List<PlanEntry>();
            var failed = false;
            foreach (var file in parse.GetValue(files) ?? [])
            {
                var loaded = await SpecFile.LoadAsync(file, ct);
                var checkedSpec = await SpecChecks.CheckAsync(loaded, file, parse.GetValue(model), ct);
                if (checkedSpec.Findings.Count > 0)
                {
                    DiagnosticPrinter.Print(checkedSpec.Findings);
                }

                failed |= checkedSpec.Spec is null;
                if (checkedSpec.Spec is { } spec)
                {
                    entries.Add(new PlanEntry(spec, loaded.File, loaded.Positions));
                }
            }

            if (failed)
            {
                return ExitCodes.InvalidInput;
            }

            return await CommandSupport.WithHostAsync(parse, global, async host =>
            {
                var submitted = await new TaskSubmission(host.Transitions).SubmitBatchAsync(entries, ct);
                if (submitted.Errors.Count > 0)
                {
                    DiagnosticPrinter.Print(submitted.Errors);
                    return ExitCodes.InvalidInput;
                }

                var views = submitted.Tasks.Select(t => TaskView.From(t, withSpec: false)).ToList();
                if (parse.GetValue(json) && views.Count == 1)
                {
                    CommandSupport.PrintJson(views[0]);
                }
                else if (parse.GetValue(json))
                {
                    CommandSupport.PrintJson(views);
                }
                else
                {
                    foreach (var task in submitted.Tasks)
                    {
                        Console.WriteLine(task.Id);
                    }
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
        var checkedSpec = await SpecChecks.CheckAsync(await SpecFile.LoadAsync(path, cancellationToken), path, model, cancellationToken);
        if (checkedSpec.Findings.Count > 0)
        {
            DiagnosticPrinter.Print(checkedSpec.Findings);
        }

        return checkedSpec.Spec;
    }

    public static Task<TaskRecord> SubmitAsync(ErrandHost host, TaskSpec spec, CancellationToken cancellationToken) =>
        new TaskSubmission(host.Transitions).SubmitAsync(spec, cancellationToken);
}
