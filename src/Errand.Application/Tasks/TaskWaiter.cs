using Errand.Storage;
using Errand.Tasks;

namespace Errand.Application.Tasks;

/// <summary>Waiting for a task to end (or to ask something): <c>errand wait</c> and the API's long poll.</summary>
/// <param name="store">The store; its journal signal wakes the wait when the task changes.</param>
/// <param name="time">The clock the timeout runs on.</param>
public sealed class TaskWaiter(IErrandStore store, TimeProvider time)
{
    /// <summary>Whether a wait for <paramref name="state"/> is over: the task ended, or waits for a human (a script would wait for ever for someone to notice).</summary>
    /// <param name="state">The task's state.</param>
    public static bool Settled(TaskState state) => state.IsTerminal() || state == TaskState.WaitingForHuman;

    /// <summary>
    /// The task once it has settled, or as it is when <paramref name="timeout"/> runs out; null when there is no such
    /// task. Every state change writes a journal event, so the wait sleeps on the store's journal signal.
    /// </summary>
    /// <param name="taskId">The task.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="poll">The longest sleep between reads (other processes' changes are seen by then).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<TaskRecord?> WaitAsync(long taskId, TimeSpan timeout, TimeSpan poll, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        TaskRecord? task = null;
        try
        {
            while (true)
            {
                // Taken before the read: a change committed after it wakes the wait below even if it lands before the wait starts.
                var seen = store.JournalVersion;
                task = await store.GetAsync(taskId, linked.Token);
                if (task is null || Settled(task.State))
                {
                    return task;
                }

                await store.WaitForJournalAsync(seen, poll, linked.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return task ?? await store.GetAsync(taskId, cancellationToken);
        }
    }
}
