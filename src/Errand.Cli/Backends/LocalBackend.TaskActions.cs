using Errand.Application.Specs;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Cli.Specs;
using Errand.Storage;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Cli.Backends;

internal sealed partial class LocalBackend
{
    public async Task<TaskView> RetryAsync(long taskId, CancellationToken cancellationToken) =>
        Applied(taskId, await host.Transitions.RetryAsync(taskId, cancellationToken), _ => TransitionRefusals.Retry);

    public async Task<TaskView> FollowUpAsync(long taskId, string instruction, CancellationToken cancellationToken) =>
        Applied(taskId, await host.Transitions.FollowUpAsync(taskId, instruction, host.Time.GetUtcNow(), cancellationToken), _ => TransitionRefusals.FollowUp);

    public async Task<TaskView> ExtendAsync(long taskId, BudgetAmounts more, CancellationToken cancellationToken)
    {
        var (by, field, problem) = BudgetExtension.Parse(more.Time, more.Steps, more.Tokens, more.Cost);
        if (by is null)
        {
            throw new BackendException(ExitCodes.InvalidInput, $"--{field} {problem}");
        }

        return Applied(taskId, await host.Transitions.ExtendAsync(taskId, by, cancellationToken), state => TransitionRefusals.Extend(taskId, state), withSpec: true);
    }

    public Task<IReadOnlyList<SpecDiagnostic>> LintAsync(IReadOnlyList<string> files, CancellationToken cancellationToken) =>
        LintFilesAsync(files, cancellationToken);

    /// <summary>Lints task files in this process; needs no store.</summary>
    public static async Task<IReadOnlyList<SpecDiagnostic>> LintFilesAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var loaded = new List<SpecParseResult>();
        foreach (var file in files)
        {
            loaded.Add(await SpecFile.LoadAsync(file, cancellationToken));
        }

        return await SpecLinting.LintAsync(loaded, cancellationToken);
    }

    /// <summary>The changed task, or the refusal the API would give: 3 for no such task, 2 with why its state refuses.</summary>
    private static TaskView Applied(long taskId, TransitionOutcome outcome, Func<TaskState?, string> refused, bool withSpec = false) => outcome.Status switch
    {
        TransitionStatus.Applied => TaskView.From(outcome.Current!, withSpec),
        TransitionStatus.NotFound => throw NoTask(taskId),
        _ => throw new BackendException(ExitCodes.InvalidInput, TransitionRefusals.Describe(taskId, outcome.Current?.State, refused(outcome.Current?.State))),
    };
}
