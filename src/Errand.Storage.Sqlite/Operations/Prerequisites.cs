using System.Globalization;
using Errand.Dependencies;
using Errand.Journal;
using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;
using Errand.Tasks;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>The statements the dependency graph needs inside write operations.</summary>
internal static class Prerequisites
{
    private const string Reason = DependencyReasons.Released;

    private const string SelectState = "SELECT state FROM tasks WHERE id = $id";

    private const string InsertLink = "INSERT OR IGNORE INTO task_prerequisites (task_id, prerequisite_id) VALUES ($task, $prerequisite)";

    private const string UpdateReason = "UPDATE tasks SET reason = $reason WHERE id = $id";

    // The dependants of one task that wait for nothing else now: every prerequisite succeeded.
    private const string SelectReady =
        "SELECT d.id, d.attempt FROM task_prerequisites tp JOIN tasks d ON d.id = tp.task_id " +
        "WHERE tp.prerequisite_id = $id AND d.state = 'scheduled' AND NOT EXISTS (" +
        "SELECT 1 FROM task_prerequisites q JOIN tasks p ON p.id = q.prerequisite_id WHERE q.task_id = d.id AND p.state <> 'succeeded') " +
        "ORDER BY d.id";

    private const string Queue =
        "UPDATE tasks SET state = 'queued', reason = $reason, wake_at = NULL, updated_at = $now WHERE id = $id AND state = 'scheduled'";

    /// <summary>The states of stored prerequisites; an id that names no task is refused before anything is written.</summary>
    public static Dictionary<long, TaskState> States(WriteContext context, IEnumerable<long> ids)
    {
        var states = new Dictionary<long, TaskState>();
        foreach (var id in ids.Distinct())
        {
            using var row = context.Command(SelectState).Set("$id", id).ExecuteReader();
            states[id] = row.Read()
                ? TaskStates.Parse(row.GetString(0))
                : throw new ArgumentException($"prerequisite #{id.ToString(CultureInfo.InvariantCulture)} does not exist", "tasks");
        }

        return states;
    }

    public static void Link(WriteContext context, long taskId, IEnumerable<long> prerequisites)
    {
        foreach (var prerequisite in prerequisites)
        {
            context.Command(InsertLink).Set("$task", taskId).Set("$prerequisite", prerequisite).ExecuteNonQuery();
        }
    }

    public static void SetReason(WriteContext context, long taskId, string reason) =>
        context.Command(UpdateReason).Set("$id", taskId).Set("$reason", reason).ExecuteNonQuery();

    /// <summary>
    /// Queues the dependants of <paramref name="prerequisiteId"/>, which has just succeeded in this transaction, that wait
    /// for nothing else; returns their ids. Runs under the write lock, so two prerequisites finishing at once take turns
    /// and the second sees the first: a dependant is queued once, by whichever finishes last.
    /// </summary>
    public static List<long> Release(WriteContext context, long prerequisiteId, long now)
    {
        var ready = new List<(long Id, int Attempt)>();
        using (var rows = context.Command(SelectReady).Set("$id", prerequisiteId).ExecuteReader())
        {
            while (rows.Read())
            {
                ready.Add((rows.GetInt64(0), rows.GetInt32(1)));
            }
        }

        foreach (var task in ready)
        {
            context.Command(Queue).Set("$id", task.Id).Set("$reason", Reason).Set("$now", now).ExecuteNonQuery();
            var data = JsonData.Object(prerequisiteId, static (w, p) =>
            {
                w.WriteString("from", "scheduled");
                w.WriteString("to", "queued");
                w.WriteString("reason", Reason);
                w.WriteNumber("prerequisite", p);
            });
            JournalRows.Append(context, task.Id, now, task.Attempt, JournalKinds.State, $"scheduled → queued: {Reason}", data);
        }

        return [.. ready.Select(r => r.Id)];
    }
}
