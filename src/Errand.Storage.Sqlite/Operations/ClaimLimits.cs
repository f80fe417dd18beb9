using Errand.Limits;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>
/// Picks what a claim may start under the concurrency limits. Runs inside the claim's write transaction, under SQLite's
/// write lock, so no other claimer (in this process or another) can start a task between the count and the claim.
/// </summary>
internal static class ClaimLimits
{
    private const string SelectLimits = "SELECT scope, max_running FROM concurrency_limits";

    private const string RunningByRepo = "SELECT COALESCE(repo, ''), COUNT(*) FROM tasks WHERE state = 'running' GROUP BY repo";

    // Oldest first, past the repositories already full, in pages: a full repository's backlog is skipped, not waited on.
    private const string Candidates =
        "SELECT id, repo FROM tasks WHERE state = 'queued' AND id > $after " +
        "AND (repo IS NULL OR repo NOT IN (SELECT value FROM json_each($full))) ORDER BY id LIMIT $page + 0";

    /// <summary>Every limit; empty when none is set (the claim then takes the oldest tasks as it always did).</summary>
    public static List<ConcurrencyLimit> Read(WriteContext context)
    {
        var limits = new List<ConcurrencyLimit>();
        using var rows = context.Command(SelectLimits).ExecuteReader();
        while (rows.Read())
        {
            limits.Add(new ConcurrencyLimit(rows.GetString(0), rows.GetInt32(1)));
        }

        return limits;
    }

    /// <summary>The ids of the oldest queued tasks the limits let start now, at most <paramref name="maxTasks"/>.</summary>
    public static List<long> Pick(WriteContext context, IReadOnlyList<ConcurrencyLimit> limits, int maxTasks)
    {
        var running = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var rows = context.Command(RunningByRepo).ExecuteReader())
        {
            while (rows.Read())
            {
                running[rows.GetString(0)] = rows.GetInt32(1);
            }
        }

        // Synchronous underneath: the writer thread reads each page at once.
        return new ClaimBudget(limits, running, maxTasks).PickAsync((after, full, page) =>
        {
            var rows = new List<(long, string?)>(page);
            using var reader = context.Command(Candidates)
                .Set("$after", after)
                .Set("$full", System.Text.Json.JsonSerializer.Serialize(full))
                .Set("$page", page)
                .ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }

            return ValueTask.FromResult<IReadOnlyList<(long, string?)>>(rows);
        }).GetAwaiter().GetResult();
    }
}
