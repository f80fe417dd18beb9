using System.Runtime.CompilerServices;
using Errand.Journal;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Cli.Output;

/// <summary>
/// Reads a task's journal from the store and, when following, keeps reading until the task ends (or, with
/// <c>untilQuestion</c>, until it waits for a human).
/// </summary>
internal static class JournalFollower
{
    private const int Page = 500;

    public static async IAsyncEnumerable<JournalEvent> ReadAsync(
        IErrandStore store, long taskId, bool follow, TimeSpan poll, [EnumeratorCancellation] CancellationToken cancellationToken,
        bool untilQuestion = false, long after = 0)
    {
        var ending = false;
        while (true)
        {
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

            await Task.Delay(poll, cancellationToken);
        }
    }
}
