using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Errand.Journal;
using Errand.Tasks;

namespace Errand.Chaos.Scenario;

/// <summary>
/// Replays one task's journal through the state machine: the lifecycle events (submitted, claimed, lease_expired,
/// released, state) must form a legal path of <see cref="TaskStateMachine"/>, each claim must raise the attempt by
/// one, and no event may carry an older attempt than one before it (a stale owner's write that got through).
/// </summary>
internal static partial class JournalReplay
{
    public static JournalVerdict Check(IReadOnlyList<JournalEvent> events)
    {
        var problems = new List<string>();
        TaskState? state = null;
        var attempt = 0;
        var highest = 0;
        var lastSeq = long.MinValue;
        var requeuePending = false;
        var completions = 0;
        DateTimeOffset? completedAt = null;
        var owners = new Dictionary<int, string>();
        var staleWrites = 0;

        void Problem(JournalEvent e, string what) =>
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"#{e.Seq} {e.Kind} (attempt {e.Attempt}): {what}"));

        foreach (var e in events)
        {
            if (e.Seq <= lastSeq)
            {
                Problem(e, "out of order");
            }

            lastSeq = e.Seq;
            if (e.Attempt < highest)
            {
                staleWrites++;
                Problem(e, $"written after attempt {highest} had begun: a stale write was accepted");
            }

            highest = Math.Max(highest, e.Attempt);

            // What a command printed names the attempt that ran it: an attempt's output must be journaled as that attempt.
            if (e.Kind == JournalKinds.Output && OutputAttempt().Match(e.Message) is { Success: true } said
                && int.Parse(said.Groups[1].Value, CultureInfo.InvariantCulture) != e.Attempt)
            {
                staleWrites++;
                Problem(e, $"output of attempt {said.Groups[1].Value} journaled as attempt {e.Attempt}: a stale write was accepted");
            }

            // The reaper requeues with a lease_expired event alone, or fails the task with a state event right after it.
            if (requeuePending && !(e.Kind == JournalKinds.State && From(e) == TaskState.Running))
            {
                state = TaskState.Queued;
                requeuePending = false;
            }

            switch (e.Kind)
            {
                case JournalKinds.Submitted:
                    if (state is not null)
                    {
                        Problem(e, "submitted twice");
                    }

                    state = TaskState.Queued;
                    break;
                case JournalKinds.Claimed:
                    Expect(e, TaskState.Running);
                    attempt++;
                    if (e.Attempt != attempt)
                    {
                        Problem(e, $"claim number {attempt} journaled as attempt {e.Attempt}");
                    }

                    owners[e.Attempt] = Worker(e);
                    state = TaskState.Running;
                    break;
                case JournalKinds.LeaseExpired:
                    if (state != TaskState.Running)
                    {
                        Problem(e, $"lease expired while {state?.ToWireName() ?? "not submitted"}");
                    }

                    requeuePending = true;
                    break;
                case JournalKinds.Released:
                    Expect(e, TaskState.Queued);
                    state = TaskState.Queued;
                    break;
                case JournalKinds.State:
                    var (from, to) = (From(e), To(e));
                    if (from is null || to is null)
                    {
                        Problem(e, "state event without from/to");
                        break;
                    }

                    if (from != state)
                    {
                        Problem(e, $"moves from {from.Value.ToWireName()} but the task was {state?.ToWireName() ?? "not submitted"}");
                    }

                    if (!TaskStateMachine.CanMove(from.Value, to.Value))
                    {
                        Problem(e, $"{from.Value.ToWireName()} → {to.Value.ToWireName()} is not a move of the state machine");
                    }

                    state = to;
                    requeuePending = false;
                    if (to.Value.IsTerminal())
                    {
                        completions++;
                        completedAt = e.At;
                    }

                    break;
            }

            void Expect(JournalEvent ev, TaskState next)
            {
                var legal = state is { } s && TaskStateMachine.CanMove(s, next);
                if (!legal)
                {
                    Problem(ev, $"{state?.ToWireName() ?? "not submitted"} → {next.ToWireName()} is not a move of the state machine");
                }
            }
        }

        if (requeuePending)
        {
            state = TaskState.Queued;
        }

        return new JournalVerdict(state, completions, completedAt, staleWrites, owners, problems);
    }

    private static TaskState? From(JournalEvent e) => Field(e, "from");

    private static TaskState? To(JournalEvent e) => Field(e, "to");

    private static TaskState? Field(JournalEvent e, string name)
    {
        if (e.DataJson is null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(e.DataJson);
        return doc.RootElement.TryGetProperty(name, out var value) && TaskStates.TryParse(value.GetString(), out var parsed) ? parsed : null;
    }

    private static string Worker(JournalEvent e)
    {
        if (e.DataJson is not null)
        {
            using var doc = JsonDocument.Parse(e.DataJson);
            if (doc.RootElement.TryGetProperty("worker", out var worker) && worker.GetString() is { } id)
            {
                return id;
            }
        }

        return ClaimedBy().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : "";
    }

    [GeneratedRegex(@"\battempt ([0-9]+) ran\b")]
    private static partial Regex OutputAttempt();

    [GeneratedRegex(@"^claimed by (\S+)")]
    private static partial Regex ClaimedBy();
}
