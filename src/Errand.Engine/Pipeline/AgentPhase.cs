using System.Globalization;
using Errand.Agents;
using Errand.Engine.Runtime;
using Errand.Engine.Tasks;
using Errand.Journal;
using Errand.Json;
using Errand.Specs;
using Errand.Storage;

namespace Errand.Engine.Pipeline;

/// <summary>
/// Runs the agent for one round and turns its event stream into journal events and checkpoints, enforcing the
/// budget and stopping loops between events: the engine, not the agent, decides when enough is enough.
/// </summary>
internal static class AgentPhase
{
    /// <summary>A budget limit this much used sends a warning.</summary>
    public const double WarnAt = 0.8;

    // A planner's slices fit well within this; a command printing more is not proposing slices.
    private const int MaxPlannerOutput = 1 << 20;

    public static async Task<AgentPhaseResult> RunAsync(
        IAgentRuntime agent, AttemptState state, EngineServices services, TaskTransitions transitions, int round, string? feedback,
        int repeatedFailureLimit, CancellationToken cancellationToken)
    {
        var journal = state.Journal;
        var budget = state.Spec.Budget;
        if (state.Usage.UsedUp(budget) is { } spent)
        {
            // Resumed (after a crash, or extended too little) with nothing left: no turn may start.
            await journal.WriteAsync(JournalKinds.BudgetUsedUp, spent, ErrandJson.Serialize(state.Usage), cancellationToken);
            return new AgentPhaseResult(AgentPhaseEnd.BudgetUsedUp, spent);
        }

        // The first round of a task's first attempt has nothing to resume: checkpoints are saved only by a run, and
        // every claim raises the attempt, so this skips a store read on the path most tasks take.
        var resumeFrom = round == 1 && state.Claim.Task.Attempt <= 1 ? null : await ResumePointAsync(state, services, cancellationToken);
        var run = new AgentRun(state.TaskId, state.Claim.Task.Attempt, state.Spec, state.Workspace!.Path, state.Sandbox!)
        {
            ResumeFrom = resumeFrom,
            FollowUp = PendingFollowUp(state.Spec, resumeFrom)?.Instruction,
            VerifyFeedback = feedback,
            Round = round,
            Answer = state.Questions.LatestAnswer,
        };
        var loops = new LoopDetector(repeatedFailureLimit);
        string? usedUp = null;

        // Leaving the loop early disposes the agent's stream, which cancels the agent and everything it started.
        await foreach (var e in agent.RunAsync(run, cancellationToken))
        {
            switch (e)
            {
                case AgentOutput output:
                    await journal.OutputAsync(output.Stream, output.Text, cancellationToken);
                    if (output.Stream == "stdout" && state.Output is { Length: < MaxPlannerOutput } kept)
                    {
                        kept.Append(output.Text).Append('\n');
                    }

                    break;
                case AgentToolCall call:
                    await journal.WriteAsync(JournalKinds.ToolCall, call.Tool, call.ArgumentsJson, cancellationToken);
                    break;
                case AgentToolResult result when loops.Observe(result) is { } loop:
                    await journal.WriteAsync(JournalKinds.LoopDetected, loop, ErrandJson.Serialize(result), cancellationToken);
                    return new AgentPhaseResult(AgentPhaseEnd.Loop, loop);
                case AgentTurn turn:
                    state.Usage = state.Usage.AddTurn(turn.InputTokens, turn.OutputTokens, turn.CostUsd);
                    services.Metrics.Turn(agent.Name, turn.InputTokens, turn.OutputTokens, turn.CostUsd);
                    await WriteTurnAsync(journal, turn, cancellationToken);
                    if (usedUp is not null)
                    {
                        // An agent that keeps no checkpoints is stopped at the turn after the one that used the
                        // budget up; that turn's cost is counted, its work is not waited for.
                        return new AgentPhaseResult(AgentPhaseEnd.BudgetUsedUp, usedUp);
                    }

                    await WarnAsync(state, transitions, state.Usage.Nearing(budget, WarnAt), cancellationToken);
                    if (state.Usage.UsedUp(budget) is { } why)
                    {
                        // The turn in flight finishes (its tools run, its checkpoint is saved): its cost is spent,
                        // and stopping before its checkpoint would throw the paid-for work away.
                        usedUp = why;
                        await journal.WriteAsync(JournalKinds.BudgetUsedUp, $"{why}; stopping after this turn",
                            ErrandJson.Serialize(state.Usage), cancellationToken);
                    }

                    break;
                case AgentCheckpoint saved:
                    await SaveCheckpointAsync(state, services, saved, cancellationToken);
                    if (usedUp is not null && !saved.Final)
                    {
                        return new AgentPhaseResult(AgentPhaseEnd.BudgetUsedUp, usedUp);
                    }

                    break;
                case AgentFinished finished:
                    await journal.WriteAsync(JournalKinds.AgentFinished, finished.Summary, null, cancellationToken);
                    return new AgentPhaseResult(AgentPhaseEnd.Finished, finished.Summary);
                case AgentAsked asked:
                    // Its checkpoint (holding the pending question) is saved already; the engine parks the task.
                    return new AgentPhaseResult(AgentPhaseEnd.Asked, asked.Question.Text) { Asked = asked };
                case AgentFailed failed:
                    await journal.WriteAsync(JournalKinds.Error, $"agent failed: {failed.Reason}", null, cancellationToken);
                    return new AgentPhaseResult(AgentPhaseEnd.Failed, failed.Reason);
            }
        }

        return usedUp is not null
            ? new AgentPhaseResult(AgentPhaseEnd.BudgetUsedUp, usedUp)
            : new AgentPhaseResult(AgentPhaseEnd.Failed, "the agent stopped without saying it was done");
    }

    /// <summary>
    /// The latest checkpoint of the task, unless it comes from before a restart (a retry starts from its base).
    /// Asked every round: round two continues from the checkpoint round one left.
    /// </summary>
    public static async Task<Checkpoint?> ResumePointAsync(AttemptState state, EngineServices services, CancellationToken cancellationToken)
    {
        var latest = await services.Store.GetLatestCheckpointAsync(state.TaskId, cancellationToken);
        return latest is not null && latest.Attempt > state.RestartedAtAttempt ? latest : null;
    }

    /// <summary>
    /// The latest follow-up, while no checkpoint holds it yet: a checkpoint saved after it was given already has it
    /// in its conversation, so a resume after a crash does not add it twice.
    /// </summary>
    public static FollowUp? PendingFollowUp(TaskSpec spec, Checkpoint? resumeFrom) =>
        spec.FollowUps.Count > 0 && spec.FollowUps[^1] is var last && (resumeFrom is null || resumeFrom.Attempt <= last.AfterAttempt) ? last : null;

    /// <summary>
    /// Journals and notifies a budget limit nearing its end, once per limit (and value: an extension's raised limit is
    /// warned about again). Written now, with the events before it, fenced by the lease.
    /// </summary>
    public static async Task WarnAsync(
        AttemptState state, TaskTransitions transitions, IReadOnlyList<(string Limit, string Text)> nearing, CancellationToken cancellationToken)
    {
        foreach (var (limit, text) in nearing.Where(n => state.MarkWarned(n.Limit)))
        {
            await state.Journal.FlushAsync(cancellationToken);
            var entry = new JournalEntry(JournalKinds.BudgetWarning, text, ErrandJson.Serialize(new { limit, used = state.Usage }));
            var occurrence = string.Create(CultureInfo.InvariantCulture, $"{limit}-r{state.RestartedAtAttempt}");
            if (!await transitions.NotifyAsync(state.Claim.Task, state.Claim.Lease, Errand.Notifications.NotificationEvents.BudgetWarning, entry, occurrence, cancellationToken))
            {
                throw new LeaseLostException(state.Claim.Lease);
            }
        }
    }

    private static Task WriteTurnAsync(TaskJournal journal, AgentTurn turn, CancellationToken cancellationToken) =>
        journal.WriteAsync(JournalKinds.ModelTurn,
            string.Create(CultureInfo.InvariantCulture, $"model turn: {turn.InputTokens} in, {turn.OutputTokens} out"),
            ErrandJson.Serialize(turn), cancellationToken);

    private static async Task SaveCheckpointAsync(
        AttemptState state, EngineServices services, AgentCheckpoint saved, CancellationToken cancellationToken)
    {
        var snapshot = await services.Workspaces.SnapshotAsync(
            state.Workspace!, $"errand: task {state.TaskId} checkpoint {saved.Step}", cancellationToken);
        await WorkspaceEvents.WriteSharedRemoteAsync(state, snapshot, cancellationToken);
        await state.Journal.FlushAsync(cancellationToken);
        var checkpoint = new Checkpoint(
            state.TaskId, state.Claim.Task.Attempt, saved.Step, saved.StateJson, snapshot.Commit, services.Time.GetUtcNow());
        if (!await services.Store.SaveCheckpointAsync(state.Claim.Lease, checkpoint, cancellationToken))
        {
            throw new LeaseLostException(state.Claim.Lease);
        }
    }
}
