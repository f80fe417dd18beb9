using System.CommandLine;
using Errand.Application.Specs;
using Errand.Application.Tasks;
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
