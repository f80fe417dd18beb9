using Errand.Application.Specs;
using Errand.Dependencies;
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
        var submitted = await SubmitTextsAsync([(specText, RequestFile)], model, cancellationToken);
        return new SubmissionResult(submitted.Tasks.FirstOrDefault(), submitted.Errors);
    }

    /// <summary>
    /// Parses, checks and queues several spec texts sent from elsewhere as one batch, all or none (see
    /// <see cref="SubmitBatchAsync"/>); no task when any has errors. The findings, warnings included, come back either way.
    /// </summary>
    /// <param name="specs">Each spec's text and its name in findings.</param>
    /// <param name="model">A model to run them on instead of their own, or null.</param>
    /// <param name="cancellationToken">Stops the checks and the write.</param>
    public async Task<BatchSubmission> SubmitTextsAsync(IReadOnlyList<(string Text, string File)> specs, string? model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var findings = new List<SpecDiagnostic>();
        var entries = new List<PlanEntry>();
        foreach (var (text, file) in specs)
        {
            var parsed = SpecSources.Parse(System.Text.Encoding.UTF8.GetBytes(text), file, baseDirectory: null);
            var checkedSpec = await SpecChecks.CheckAsync(parsed, file, model, cancellationToken);
            findings.AddRange(checkedSpec.Findings);
            if (checkedSpec.Spec is { } spec)
            {
                entries.Add(new PlanEntry(spec, file, parsed.Positions));
            }
        }

        if (entries.Count < specs.Count)
        {
            return new BatchSubmission([], findings);
        }

        var submitted = await SubmitBatchAsync(entries, cancellationToken);
        return submitted with { Errors = [.. findings, .. submitted.Errors] };
    }

    /// <summary>Queues a checked spec.</summary>
    /// <param name="spec">The spec to run.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="ArgumentException">Its <c>after:</c> names a task that does not exist.</exception>
    public async Task<TaskRecord> SubmitAsync(TaskSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var submitted = await SubmitBatchAsync([new PlanEntry(spec, RequestFile, new Dictionary<string, SourcePosition>())], cancellationToken);
        return submitted.Errors.Count > 0
            ? throw new ArgumentException(string.Join("; ", submitted.Errors.Select(e => e.Message)), nameof(spec))
            : submitted.Tasks[0];
    }

    /// <summary>
    /// Queues checked specs as one batch, all or none: their <c>after:</c> refs resolve by name within the batch first,
    /// then to the newest stored task of that name, or to a stored id; a cycle, a duplicate name or an unknown ref is an
    /// error (with file and line) and nothing is queued.
    /// </summary>
    /// <param name="entries">The specs, with where they came from.</param>
    /// <param name="cancellationToken">Stops the lookups and the write.</param>
    public async Task<BatchSubmission> SubmitBatchAsync(IReadOnlyList<PlanEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var plan = await transitions.PlanAsync(entries, cancellationToken);
        if (plan.HasErrors)
        {
            return new BatchSubmission([], plan.Diagnostics);
        }

        var tasks = entries.Select((e, i) => new NewTask(e.Spec.Title, TaskSpecJson.Serialize(e.Spec)) { Name = e.Spec.Name, After = plan.After[i] }).ToList();
        return new BatchSubmission(await transitions.SubmitBatchAsync(tasks, cancellationToken), []);
    }
}
