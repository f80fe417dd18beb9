using System.CommandLine;
using Errand.Application.Specs;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Cli.Output;
using Errand.Cli.Specs;
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
        command.SetAction((parse, ct) => CommandSupport.WithBackendAsync(parse, global, async backend =>
        {
            var submitted = await backend.SubmitAsync(parse.GetValue(files) ?? [], parse.GetValue(model), ct);
            if (submitted.Findings.Count > 0)
            {
                DiagnosticPrinter.Print(submitted.Findings);
            }

            if (submitted.Tasks.Count == 0)
            {
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(json) && submitted.Tasks.Count == 1)
            {
                CommandSupport.PrintJson(submitted.Tasks[0]);
            }
            else if (parse.GetValue(json))
            {
                CommandSupport.PrintJson(submitted.Tasks);
            }
            else
            {
                foreach (var task in submitted.Tasks)
                {
                    Console.WriteLine(task.Id);
                }
            }

            return ExitCodes.Ok;
        }, ct));
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
