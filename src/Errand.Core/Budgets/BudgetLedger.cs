using System.Text.Json;
using Errand.Journal;
using Errand.Tasks;

namespace Errand.Budgets;

/// <summary>
/// Reads a task's budget usage from its journal, the source of truth for billing: every model turn is a
/// <see cref="JournalKinds.ModelTurn"/> event, and every run starts with a <see cref="JournalKinds.Claimed"/> event.
/// Counting from the journal rather than from a worker's memory is what carries the budget across a crash, a
/// hand-back or an extension: a resumed run starts with what the earlier ones used. A <see cref="JournalKinds.Restarted"/>
/// event (a retry) or a <see cref="JournalKinds.FollowUp"/> event starts the count again.
/// </summary>
public static class BudgetLedger
{
    /// <summary>The usage since the last restart, and the attempt that restart happened at (0 when never).</summary>
    public static (BudgetUsage Usage, int RestartedAtAttempt) Read(IEnumerable<JournalEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var usage = BudgetUsage.None;
        var restartedAt = 0;
        var runs = new Dictionary<int, (DateTimeOffset Start, DateTimeOffset? End, DateTimeOffset Last)>();
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case JournalKinds.Restarted:
                    usage = BudgetUsage.None;
                    runs.Clear();
                    restartedAt = e.Attempt;
                    continue;
                case JournalKinds.FollowUp:
                    // New work with a budget of its own; the conversation (and so the checkpoint) carries on.
                    usage = BudgetUsage.None;
                    runs.Clear();
                    continue;
                case JournalKinds.ModelTurn:
                    var (input, output, cost) = Turn(e.DataJson);
                    usage = usage.AddTurn(input, output, cost);
                    break;
                case JournalKinds.Claimed:
                    runs[e.Attempt] = (e.At, null, e.At);
                    continue;
                case JournalKinds.State when runs.TryGetValue(e.Attempt, out var run) && run.End is null && LeavesRunning(e.DataJson):
                    runs[e.Attempt] = run with { End = e.At };
                    continue;
                case JournalKinds.State or JournalKinds.LeaseExpired or JournalKinds.Released or JournalKinds.CancelRequested
                    or JournalKinds.Extended:
                    // Written by others about the run (the reaper a lease-length after a crash, an operator), or
                    // after it ended: not time the run spent.
                    continue;
            }

            if (runs.TryGetValue(e.Attempt, out var open) && open.End is null)
            {
                runs[e.Attempt] = open with { Last = e.At };
            }
        }

        var time = runs.Values.Aggregate(TimeSpan.Zero, (sum, run) => sum + ((run.End ?? run.Last) - run.Start));
        return (usage with { Time = time }, restartedAt);
    }

    private static (long Input, long Output, decimal? Cost) Turn(string? dataJson)
    {
        if (dataJson is null)
        {
            return (0, 0, null);
        }

        using var doc = JsonDocument.Parse(dataJson);
        var root = doc.RootElement;
        return (Long(root, "input_tokens"), Long(root, "output_tokens"),
            root.TryGetProperty("cost_usd", out var cost) && cost.ValueKind == JsonValueKind.Number ? cost.GetDecimal() : null);
    }

    private static long Long(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static bool LeavesRunning(string? dataJson)
    {
        if (dataJson is null)
        {
            return false;
        }

        using var doc = JsonDocument.Parse(dataJson);
        return doc.RootElement.TryGetProperty("from", out var from) && from.GetString() == TaskState.Running.ToWireName();
    }
}
