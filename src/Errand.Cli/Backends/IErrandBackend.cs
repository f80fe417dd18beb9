using Errand.Application.Fleets;
using Errand.Application.Journal;
using Errand.Application.Schedules;
using Errand.Application.Tasks;
using Errand.Questions;

namespace Errand.Cli.Backends;

/// <summary>
/// What the commands that work both ways do, against the local store (<see cref="LocalBackend"/>) or an
/// <c>errand serve</c> (<see cref="RemoteBackend"/>, with <c>--server</c>): each command is written once against this.
/// A refusal (no such task, a state in the way, bad input, a server that says no) is a <see cref="BackendException"/>
/// carrying the exit code.
/// </summary>
internal partial interface IErrandBackend : IAsyncDisposable
{
    /// <summary>The clock (for "asked 3m ago").</summary>
    TimeProvider Time { get; }

    /// <summary>Queues task files as one batch, all or none; the queued tasks, or none and the findings that stopped them.</summary>
    Task<SubmitOutcome> SubmitAsync(IReadOnlyList<string> files, string? model, CancellationToken cancellationToken);

    Task<IReadOnlyList<TaskView>> ListAsync(IReadOnlyList<string> states, int limit, CancellationToken cancellationToken);

    /// <summary>One task with its links; throws <see cref="BackendException"/> (exit 3) when there is none.</summary>
    Task<TaskView> ShowAsync(long taskId, bool withSpec, CancellationToken cancellationToken);

    /// <summary>The task's journal; when following, until it ends.</summary>
    IAsyncEnumerable<JournalEventView> LogsAsync(long taskId, bool follow, CancellationToken cancellationToken);

    /// <summary>The task once it ended or waits for a human; <see cref="OperationCanceledException"/> when the token fires first.</summary>
    Task<TaskView> WaitAsync(long taskId, CancellationToken cancellationToken);

    Task<IReadOnlyList<InboxItem>> InboxAsync(int limit, CancellationToken cancellationToken);

    Task<(TaskView Task, HumanAnswer Answer)> AnswerAsync(long taskId, string answer, string by, CancellationToken cancellationToken);

    /// <summary>cancelled, or requested for a running task (its worker stops it).</summary>
    Task<string> CancelAsync(long taskId, string reason, CancellationToken cancellationToken);

    Task<IReadOnlyList<ScheduleView>> ListSchedulesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<FleetView>> ListFleetsAsync(int limit, CancellationToken cancellationToken);
}
