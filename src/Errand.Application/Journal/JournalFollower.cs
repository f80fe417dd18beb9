using System.Runtime.CompilerServices;
using Errand.Journal;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Application.Journal;

/// <summary>
/// Reads a task's journal from the store and, when following, keeps reading until the task ends (or, with
/// <c>untilQuestion</c>, until it waits for a human).
/// </summary>
public static class JournalFollower
{
    private const int Page = 500;

    /// <summary>The task's events after <paramref name="after"/>; when following, until it ends (or asks, with <paramref name="untilQuestion"/>).</summary>
    /// <param name="store">The store.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="follow">Keep reading until the task ends.</param>
    /// <param name="poll">The longest wait for news: events this process writes wake the reader at once; other processes' are read by then.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <param name="untilQuestion">Also stop when it waits for a human.</param>
    /// <param name="after">Start after this sequence number.</param>
    public static async IAsyncEnumerable<JournalEvent> ReadAsync(
        IErrandStore store, long taskId, bool follow, TimeSpan poll, [EnumeratorCancellation] CancellationToken cancellationToken,
        bool untilQuestion = false, long after = 0)
    {
        var ending = false;
        while (true)
        {
            // Taken before the read: an event committed after it wakes the wait below even if it lands before the wait starts.
            var seen = store.JournalVersion;
            var batch = await store.ReadAsync(taskId, after, Page, cancellationToken);
            foreach (var e in batch)
            {
                after = e.Seq;
                yield return e;
            }

            if (batch.Count == Page)
            {
                continue;
            }

            if (!follow || ending)
            {
                yield break;
            }

            // A task's last events are written in the same transaction as its final state, so one more read after
            // seeing that state gets everything.
            var task = await store.GetAsync(taskId, cancellationToken);
            if (task is null || task.State.IsTerminal() || (untilQuestion && task.State == TaskState.WaitingForHuman))
            {
                ending = true;
                continue;
            }

            await store.WaitForJournalAsync(seen, poll, cancellationToken);
        }
    }
}
