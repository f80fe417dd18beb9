using System.Globalization;
using Errand.Storage.Sqlite.Operations;
using Errand.Storage.Sqlite.Rows;
using Errand.Tasks;

namespace Errand.Storage.Sqlite;

/// <summary>Tasks and the queue.</summary>
public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    public async Task<TaskRecord> EnqueueAsync(NewTask task, CancellationToken cancellationToken) =>
        (await EnqueueBatchAsync([task], cancellationToken))[0];

    /// <inheritdoc/>
    public Task<TaskRecord?> GetAsync(long taskId, CancellationToken cancellationToken) =>
        ReadAsync(reader => TaskRows.Get(reader.Get(TaskRows.SelectById), taskId), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<TaskRecord>> ListAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var states = query.States.Distinct().Select(s => s.ToWireName()).ToArray();
        var sql = ListSql(states.Length, query.BeforeId is not null);
        return ReadAsync<IReadOnlyList<TaskRecord>>(reader =>
        {
            var command = reader.Get(sql).Set("$limit", Math.Max(0, query.Limit));
            for (var i = 0; i < states.Length; i++)
            {
                command.Set(StateParameter(i), states[i]);
            }

            if (query.BeforeId is { } before)
            {
                command.Set("$before", before);
            }

            var tasks = new List<TaskRecord>();
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                tasks.Add(TaskRows.Read(rows));
            }

            return tasks;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TaskClaim>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.WorkerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxTasks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(request.LeaseDuration, TimeSpan.Zero);
        var generation = _signal.Generation;
        try
        {
            return await _writer.SubmitAsync(new ClaimOp(request, cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failing claim counts as having seen the queue: its caller then waits for a new signal or its poll
            // interval instead of spinning on the failure.
            _signal.Drained(generation);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task<TransitionOutcome> TransitionAsync(TaskTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(transition.From);
        ArgumentNullException.ThrowIfNull(transition.Events);
        ArgumentNullException.ThrowIfNull(transition.Notifications);
        if (transition.From.Count == 0)
        {
            throw new ArgumentException("A transition needs at least one state to move from.", nameof(transition));
        }

        // An illegal move is a programming error, refused before anything reaches the database.
        foreach (var from in transition.From)
        {
            TaskStateMachine.EnsureCanMove(from, transition.To);
        }

        if (transition.To == TaskState.Running)
        {
            // A running task without a lease would never be reaped: tasks start running only through a claim.
            throw new ArgumentException("Tasks move to running only through ClaimAsync.", nameof(transition));
        }

        if (transition.Lease is { } lease && lease.TaskId != transition.TaskId)
        {
            throw new ArgumentException("The lease belongs to another task.", nameof(transition));
        }

        return _writer.SubmitAsync(new TransitionOp(transition, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<bool> RequestCancelAsync(long taskId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return _writer.SubmitAsync(new RequestCancelOp(taskId, reason, cancellationToken));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Completes at once when work was enqueued or requeued in this store instance after the queue was last seen
    /// empty by any claim here, so a signal that lands between a worker's empty claim and this call is not lost.
    /// </remarks>
    public Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        WaitForSignalAsync(_signal, maxWait, cancellationToken);

    /// <summary>
    /// Newest first. With several states, each is read from the (state, id) index separately and merged, so a
    /// page costs the same however long the history is, instead of sorting every matching task.
    /// </summary>
    private static string ListSql(int states, bool paged)
    {
        var before = paged ? " AND id < $before" : "";
        if (states == 0)
        {
            return $"SELECT {TaskRows.Columns} FROM tasks WHERE 1 = 1{before} ORDER BY id DESC LIMIT $limit + 0";
        }

        // "+$s" and "$limit + 0" hide the values from the planner, which would otherwise re-prepare the statement
        // at every execution (a bound state is checked against the partial indexes, a bound LIMIT is planned on).
        var branches = Enumerable.Range(0, states).Select(i =>
            $"SELECT * FROM (SELECT {TaskRows.Columns} FROM tasks WHERE state = +{StateParameter(i)}{before} ORDER BY id DESC LIMIT $limit + 0)");
        return states == 1
            ? branches.Single()
            : $"{string.Join(" UNION ALL ", branches)} ORDER BY id DESC LIMIT $limit + 0";
    }

    private static string StateParameter(int index) => "$s" + index.ToString(CultureInfo.InvariantCulture);
}
