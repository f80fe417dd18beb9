using System.Globalization;
using Errand.Budgets;
using Errand.Engine.Questions;
using Errand.Engine.Runtime;
using Errand.Journal;
using Errand.Json;

namespace Errand.Engine.Pipeline;

/// <summary>
/// What earlier runs of a task left for this attempt: the budget they used and the checkpoint to resume from, both
/// read from the store (the journal and the checkpoints), so they survive any worker.
/// </summary>
internal static class AttemptHistory
{
    private const int PageSize = 1000;

    public static async Task LoadAsync(AttemptState state, EngineServices services, CancellationToken cancellationToken)
    {
        // Every claim raises the attempt, and only a run leaves usage or checkpoints behind (a retry, an extension or
        // a follow-up needs an earlier run): a first attempt has no history, and most tasks never get a second.
        if (state.Claim.Task.Attempt <= 1)
        {
            return;
        }

        var events = new List<JournalEvent>();
        for (var after = 0L; ;)
        {
            var page = await services.Store.ReadAsync(state.TaskId, after, PageSize, cancellationToken);
            events.AddRange(page);
            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1].Seq;
        }

        (state.Usage, state.RestartedAtAttempt) = BudgetLedger.Read(events);
        state.Questions = QuestionLog.Read(events);
        var since = events.FindLastIndex(e => e.Kind is JournalKinds.Restarted or JournalKinds.FollowUp) + 1;
        foreach (var warned in events.Skip(since).Where(e => e.Kind == JournalKinds.BudgetWarning && e.DataJson is not null))
        {
            state.MarkWarned(System.Text.Json.JsonDocument.Parse(warned.DataJson!).RootElement.GetProperty("limit").GetString()!);
        }
        // A planner that proposed before it stopped (a crash before its question was stored) asks about that proposal.
        if (events.Skip(since).LastOrDefault(e => e.Kind == JournalKinds.FleetProposed) is { DataJson: { } proposed })
        {
            state.Proposed = Errand.Fleets.SliceProposals.Deserialize(proposed);
        }

        state.ResumeFrom = await AgentPhase.ResumePointAsync(state, services, cancellationToken);
        if (state.ResumeFrom is { } from)
        {
            await state.Journal.WriteAsync(JournalKinds.Checkpoint,
                string.Create(CultureInfo.InvariantCulture, $"resuming from checkpoint {from.Step} of attempt {from.Attempt}"),
                ErrandJson.Serialize(new { step = from.Step, attempt = from.Attempt, commit = from.WorkspaceCommit, used = state.Usage }),
                cancellationToken);
        }
    }
}
