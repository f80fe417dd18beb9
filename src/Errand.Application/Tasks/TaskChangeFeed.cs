using System.Runtime.CompilerServices;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Application.Tasks;

/// <summary>
/// The task list as it changes: every task whose state (or reason, or update time) changed, as it changes. It wakes on
/// the store's journal signal (every state change writes journal events), so it costs nothing while nothing happens.
/// </summary>
/// <param name="store">The store.</param>
public sealed class TaskChangeFeed(IErrandStore store)
{
    private static readonly TaskState[] Unfinished =
        [.. Enum.GetValues<TaskState>().Where(s => !s.IsTerminal())];

    // Newest tasks read on every wake besides the unfinished ones: one submitted and ended between two wakes shows up here.
    private const int Recent = 50;

    /// <summary>The unfinished and most recent tasks first, then each change, until cancelled.</summary>
    /// <param name="floor">The longest wait for news (changes other processes make are seen by then).</param>
    /// <param name="cancellationToken">Stops following.</param>
    public async IAsyncEnumerable<TaskRecord> FollowAsync(TimeSpan floor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var known = new Dictionary<long, TaskRecord>();
        while (true)
        {
            var seen = store.JournalVersion;
            var current = new Dictionary<long, TaskRecord>();
            foreach (var task in await store.ListAsync(new TaskQuery { States = Unfinished, Limit = TaskQueries.MaxLimit }, cancellationToken))
            {
                current[task.Id] = task;
            }

            foreach (var task in await store.ListAsync(new TaskQuery { Limit = Recent }, cancellationToken))
            {
                current.TryAdd(task.Id, task);
            }

            // Tasks followed before that are neither unfinished nor recent now ended (or moved out of view): read them once
            // more to send how they ended, then forget them; should one be retried, it is unfinished again and seen so.
            var ended = new List<long>();
            foreach (var id in known.Keys.Where(id => !current.ContainsKey(id)).ToList())
            {
                if (await store.GetAsync(id, cancellationToken) is { } task)
                {
                    current[id] = task;
                    ended.Add(id);
                }
            }

            foreach (var task in current.Values.OrderBy(t => t.UpdatedAt).ThenBy(t => t.Id))
            {
                if (!known.TryGetValue(task.Id, out var before) || before.State != task.State || before.UpdatedAt != task.UpdatedAt || before.Reason != task.Reason)
                {
                    yield return task;
                }
            }

            foreach (var id in ended)
            {
                current.Remove(id);
            }

            known = current;
            await store.WaitForJournalAsync(seen, floor, cancellationToken);
        }
    }
}
