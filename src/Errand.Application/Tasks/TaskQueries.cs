using Errand.Budgets;
using Errand.Engine.Tasks;
using Errand.Journal;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Application.Tasks;

/// <summary>Reading tasks: lists, one task, its journal, the inbox. What the CLI, the API and the dashboard show.</summary>
/// <param name="store">The store.</param>
/// <param name="transitions">For the questions tasks ask (read from their journals).</param>
public sealed class TaskQueries(IErrandStore store, TaskTransitions transitions)
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 500;

    /// <summary>The most events one journal read returns.</summary>
    public const int MaxJournalPage = 1000;

    // A text filter reads pages from the store and keeps matches; it gives up after this many tasks, returning what it
    // found with a cursor to go on, so one request never scans an unbounded history.
    private const int TextScanLimit = 5000;

    /// <summary>A page of tasks, newest first.</summary>
    /// <param name="query">The filter.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async Task<TaskPage> ListAsync(TaskListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxLimit);
        if (string.IsNullOrEmpty(query.Text) && string.IsNullOrEmpty(query.Repo))
        {
            var tasks = await store.ListAsync(new TaskQuery { States = query.States, BeforeId = query.Cursor, Limit = query.Limit }, cancellationToken);
            return new TaskPage(tasks, tasks.Count == query.Limit ? tasks[^1].Id : null);
        }

        var found = new List<TaskRecord>();
        var before = query.Cursor;
        var scanned = 0;
        while (scanned < TextScanLimit)
        {
            var batch = await store.ListAsync(new TaskQuery { States = query.States, BeforeId = before, Limit = MaxLimit }, cancellationToken);
            foreach (var task in batch)
            {
                before = task.Id;
                if (Matches(task, query))
                {
                    found.Add(task);
                    if (found.Count == query.Limit)
                    {
                        return new TaskPage(found, task.Id);
                    }
                }
            }

            scanned += batch.Count;
            if (batch.Count < MaxLimit)
            {
                return new TaskPage(found, null);
            }
        }

        return new TaskPage(found, before);
    }

    /// <summary>One task with what its page shows: its journal so far, budget use and open question.</summary>
    /// <param name="taskId">Its id.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async Task<TaskDetails?> DetailsAsync(long taskId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(taskId, cancellationToken) is not { } task)
        {
            return null;
        }

        var journal = new List<JournalEvent>();
        var after = 0L;
        while (true)
        {
            var page = await store.ReadAsync(taskId, after, MaxJournalPage, cancellationToken);
            journal.AddRange(page);
            if (page.Count < MaxJournalPage)
            {
                break;
            }

            after = page[^1].Seq;
        }

        var spec = TaskSpecJson.Deserialize(task.SpecJson);
        var questions = task.State == TaskState.WaitingForHuman ? await transitions.ReadQuestionsAsync(taskId, cancellationToken) : null;
        return new TaskDetails(task, spec, journal, BudgetLedger.Read(journal).Usage, questions?.Open?.Question);
    }

    /// <summary>One task, or null.</summary>
    /// <param name="taskId">Its id.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public Task<TaskRecord?> GetAsync(long taskId, CancellationToken cancellationToken) => store.GetAsync(taskId, cancellationToken);

    /// <summary>A task's events after <paramref name="afterSeq"/>, in order.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="afterSeq">The last event seen (0: from the start).</param>
    /// <param name="limit">At most this many (up to <see cref="MaxJournalPage"/>).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public Task<IReadOnlyList<JournalEvent>> JournalAsync(long taskId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        store.ReadAsync(taskId, afterSeq, Math.Clamp(limit, 1, MaxJournalPage), cancellationToken);

    private static bool Matches(TaskRecord task, TaskListQuery query) =>
        (string.IsNullOrEmpty(query.Text) || task.Title.Contains(query.Text, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(query.Repo)
            || TaskSpecJson.Deserialize(task.SpecJson).Repo?.Contains(query.Repo, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The open questions, oldest first.</summary>
    /// <param name="limit">At most this many tasks waiting for a human are looked at.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async Task<IReadOnlyList<InboxItem>> InboxAsync(int limit, CancellationToken cancellationToken)
    {
        var waiting = await store.ListAsync(new TaskQuery { States = [TaskState.WaitingForHuman], Limit = Math.Clamp(limit, 1, MaxLimit) }, cancellationToken);
        var items = new List<InboxItem>();
        foreach (var task in waiting)
        {
            var log = await transitions.ReadQuestionsAsync(task.Id, cancellationToken);
            if (log.Open is { } open)
            {
                items.Add(new InboxItem(task.Id, task.Title, log.OpenSince ?? task.UpdatedAt, open.Question));
            }
        }

        items.Sort((a, b) => a.AskedAt.CompareTo(b.AskedAt));
        return items;
    }

    /// <summary>One task as <c>errand show</c> shows it: with the tasks it waits for and those waiting for it; null when there is none.</summary>
    /// <param name="taskId">Its id.</param>
    /// <param name="withSpec">Whether to include its spec.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async Task<TaskView?> ShowAsync(long taskId, bool withSpec, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(taskId, cancellationToken) is not { } task)
        {
            return null;
        }

        var links = await store.GetLinksAsync(task.Id, cancellationToken);
        return TaskView.From(task, withSpec) with
        {
            After = await LinkedAsync(links.Prerequisites, cancellationToken),
            Dependants = await LinkedAsync(links.Dependants, cancellationToken),
        };
    }

    private async Task<IReadOnlyList<LinkedTaskView>> LinkedAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var linked = new List<LinkedTaskView>(ids.Count);
        foreach (var id in ids)
        {
            if (await store.GetAsync(id, cancellationToken) is { } task)
            {
                linked.Add(new LinkedTaskView(task.Id, task.Name, task.State.ToWireName()));
            }
        }

        return linked;
    }
}
