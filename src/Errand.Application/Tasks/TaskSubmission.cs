using Errand.Application.Specs;
using Errand.Engine.Tasks;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Application.Tasks;

/// <summary>Submitting a task from spec text: parse, lint, queue. The CLI (from a file) and the API (from a request body) both come here.</summary>
/// <param name="transitions">Where tasks are queued (with their notifications).</param>
public sealed class TaskSubmission(TaskTransitions transitions)
{
    /// <summary>The name findings give spec text that came from no file.</summary>
    public const string RequestFile = "spec";

    /// <summary>Parses, checks and queues spec text sent from elsewhere (no directory of its own); null task when it has errors.</summary>
    /// <param name="specText">The spec (front matter and body).</param>
    /// <param name="model">A model to run it on instead of its own, or null.</param>
    /// <param name="cancellationToken">Stops the checks and the write.</param>
    public async Task<SubmissionResult> SubmitTextAsync(string specText, string? model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specText);
        var parsed = SpecSources.Parse(System.Text.Encoding.UTF8.GetBytes(specText), RequestFile, baseDirectory: null);
        var checkedSpec = await SpecChecks.CheckAsync(parsed, RequestFile, model, cancellationToken);
        return checkedSpec.Spec is { } spec
            ? new SubmissionResult(await SubmitAsync(spec, cancellationToken), checkedSpec.Findings)
            : new SubmissionResult(null, checkedSpec.Findings);
    }

    /// <summary>Queues a checked spec.</summary>
    /// <param name="spec">The spec to run.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public Task<TaskRecord> SubmitAsync(TaskSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return transitions.SubmitAsync(new NewTask(spec.Title, TaskSpecJson.Serialize(spec)), cancellationToken);
    }
}
