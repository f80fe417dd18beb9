using Errand.Application.Tasks;
using Errand.Specs;

namespace Errand.Cli.Backends;

/// <summary>Changing a task that ended (retry, follow-up, extend) and checking task files.</summary>
internal partial interface IErrandBackend
{
    /// <summary>The task queued again; a <see cref="BackendException"/> when there is none (3) or it has not ended (2).</summary>
    Task<TaskView> RetryAsync(long taskId, CancellationToken cancellationToken);

    /// <summary>The task queued with <paramref name="instruction"/>, in the same conversation and branch.</summary>
    Task<TaskView> FollowUpAsync(long taskId, string instruction, CancellationToken cancellationToken);

    /// <summary>The partial task with its budget raised (its spec included), queued to resume.</summary>
    Task<TaskView> ExtendAsync(long taskId, BudgetAmounts more, CancellationToken cancellationToken);

    /// <summary>Every finding about the task files, named after them (the linter in this process, or the server's).</summary>
    Task<IReadOnlyList<SpecDiagnostic>> LintAsync(IReadOnlyList<string> files, CancellationToken cancellationToken);
}
