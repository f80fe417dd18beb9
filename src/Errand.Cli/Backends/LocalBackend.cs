using System.Runtime.CompilerServices;
using Errand.Application.Fleets;
using Errand.Application.Journal;
using Errand.Application.Schedules;
using Errand.Application.Specs;
using Errand.Application.Tasks;
using Errand.Cli.Hosting;
using Errand.Cli.Specs;
using Errand.Dependencies;
using Errand.Engine.Tasks;
using Errand.Questions;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Cli.Backends;

/// <summary>The commands against this machine's store, through Errand.Application's services (as the server runs them).</summary>
internal sealed partial class LocalBackend(ErrandHost host) : IErrandBackend
{
    private TaskQueries Queries => new(host.Store, host.Transitions);

    public TimeProvider Time => host.Time;

    /// <summary>The store and engine this process opened (for the commands that also run a worker here).</summary>
    public ErrandHost Host => host;

    public async Task<SubmitOutcome> SubmitAsync(IReadOnlyList<string> files, string? model, CancellationToken cancellationToken)
    {
        var entries = new List<PlanEntry>();
        var findings = new List<SpecDiagnostic>();
        foreach (var file in files)
        {
            var loaded = await SpecFile.LoadAsync(file, cancellationToken);
            var checkedSpec = await SpecChecks.CheckAsync(loaded, file, model, cancellationToken);
            findings.AddRange(checkedSpec.Findings);
            if (checkedSpec.Spec is { } spec)
            {
                entries.Add(new PlanEntry(spec, loaded.File, loaded.Positions));
            }
        }

        if (entries.Count < files.Count)
        {
            return new SubmitOutcome([], findings);
        }

        var submitted = await new TaskSubmission(host.Transitions).SubmitBatchAsync(entries, cancellationToken);
        return new SubmitOutcome([.. submitted.Tasks.Select(t => TaskView.From(t, withSpec: false))], [.. findings, .. submitted.Errors]);
    }

    public async Task<IReadOnlyList<TaskView>> ListAsync(IReadOnlyList<string> states, int limit, CancellationToken cancellationToken)
    {
        var page = await Queries.ListAsync(new TaskListQuery { States = [.. states.Select(TaskStates.Parse)], Limit = limit }, cancellationToken);
        return [.. page.Tasks.Select(t => TaskView.From(t, withSpec: false))];
    }

    public async Task<TaskView> ShowAsync(long taskId, bool withSpec, CancellationToken cancellationToken) =>
        await Queries.ShowAsync(taskId, withSpec, cancellationToken) ?? throw NoTask(taskId);

    public async IAsyncEnumerable<JournalEventView> LogsAsync(long taskId, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _ = await Queries.GetAsync(taskId, cancellationToken) ?? throw NoTask(taskId);
        await foreach (var e in JournalFollower.ReadAsync(host.Store, taskId, follow, TimeSpan.FromMilliseconds(100), cancellationToken))
        {
            yield return JournalEventView.From(e);
        }
    }

    public async Task<TaskView> WaitAsync(long taskId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var task = await new TaskWaiter(host.Store, host.Time).WaitAsync(taskId, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(200), cancellationToken)
                ?? throw NoTask(taskId);
            if (TaskWaiter.Settled(task.State))
            {
                return TaskView.From(task, withSpec: false);
            }
        }
    }

    public Task<IReadOnlyList<InboxItem>> InboxAsync(int limit, CancellationToken cancellationToken) => Queries.InboxAsync(limit, cancellationToken);

    public async Task<(TaskView Task, HumanAnswer Answer)> AnswerAsync(long taskId, string answer, string by, CancellationToken cancellationToken)
    {
        var outcome = await host.Transitions.AnswerAsync(taskId, answer, by, cancellationToken);
        return outcome.Status switch
        {
            AnswerStatus.Answered => (TaskView.From(outcome.Task!, withSpec: false), outcome.Answer!),
            AnswerStatus.NotFound => throw NoTask(taskId),
            AnswerStatus.Invalid => throw new BackendException(ExitCodes.InvalidInput, $"#{taskId}: {outcome.Problem}"),
            _ => throw new BackendException(ExitCodes.InvalidInput,
                $"task #{taskId} is {outcome.Task?.State.ToWireName()} and waits for no answer (answered already, or it never asked)"),
        };
    }

    public async Task<string> CancelAsync(long taskId, string reason, CancellationToken cancellationToken) =>
        await host.Transitions.CancelAsync(taskId, reason, cancellationToken) switch
        {
            CancelOutcome.NotFound => throw NoTask(taskId),
            CancelOutcome.AlreadyFinished => throw new BackendException(ExitCodes.InvalidInput, $"task #{taskId} has already ended"),
            CancelOutcome.Requested => "requested",
            _ => "cancelled",
        };

    public Task<IReadOnlyList<ScheduleView>> ListSchedulesAsync(CancellationToken cancellationToken) =>
        new ScheduleService(host.Store, host.Transitions, host.Time).ListAsync(cancellationToken);

    public Task<IReadOnlyList<FleetView>> ListFleetsAsync(int limit, CancellationToken cancellationToken) =>
        new FleetService(host.Store, host.Transitions).ListAsync(limit, cancellationToken);

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static BackendException NoTask(long taskId) => new(ExitCodes.NotFound, $"no task #{taskId}");
}
