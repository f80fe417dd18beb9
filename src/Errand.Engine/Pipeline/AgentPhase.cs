using System.Globalization;
using Errand.Agents;
using Errand.Engine.Runtime;
using Errand.Engine.Tasks;
using Errand.Journal;
using Errand.Json;
using Errand.Storage;

namespace Errand.Engine.Pipeline;

/// <summary>Runs the agent for one round and turns its event stream into journal events and checkpoints.</summary>
internal static class AgentPhase
{
    /// <returns>Whether the agent says it finished, and what it said.</returns>
    public static async Task<(bool Finished, string Said)> RunAsync(
        IAgentRuntime agent, AttemptState state, EngineServices services, int round, string? feedback, CancellationToken cancellationToken)
    {
        var journal = state.Journal;
        var checkpoint = await services.Store.GetLatestCheckpointAsync(state.TaskId, cancellationToken);
        var run = new AgentRun(state.TaskId, state.Claim.Task.Attempt, state.Spec, state.Workspace!.Path, state.Sandbox!)
        {
            ResumeFrom = checkpoint,
            VerifyFeedback = feedback,
            Round = round,
        };

        await foreach (var e in agent.RunAsync(run, cancellationToken))
        {
            switch (e)
            {
                case AgentOutput output:
                    await journal.OutputAsync(output.Stream, output.Text, cancellationToken);
                    break;
                case AgentToolCall call:
                    await journal.WriteAsync(JournalKinds.ToolCall, call.Tool, call.ArgumentsJson, cancellationToken);
                    break;
                case AgentTurn turn:
                    await journal.WriteAsync(JournalKinds.ModelTurn,
                        string.Create(CultureInfo.InvariantCulture, $"model turn: {turn.InputTokens} in, {turn.OutputTokens} out"),
                        ErrandJson.Serialize(turn), cancellationToken);
                    break;
                case AgentCheckpoint saved:
                    await SaveCheckpointAsync(state, services, saved, cancellationToken);
                    break;
                case AgentFinished finished:
                    await journal.WriteAsync(JournalKinds.AgentFinished, finished.Summary, null, cancellationToken);
                    return (true, finished.Summary);
                case AgentFailed failed:
                    await journal.WriteAsync(JournalKinds.Error, $"agent failed: {failed.Reason}", null, cancellationToken);
                    return (false, failed.Reason);
            }
        }

        return (false, "the agent stopped without saying it was done");
    }

    private static async Task SaveCheckpointAsync(
        AttemptState state, EngineServices services, AgentCheckpoint saved, CancellationToken cancellationToken)
    {
        var snapshot = await services.Workspaces.SnapshotAsync(
            state.Workspace!, $"errand: task {state.TaskId} checkpoint {saved.Step}", cancellationToken);
        await state.Journal.FlushAsync(cancellationToken);
        var checkpoint = new Checkpoint(
            state.TaskId, state.Claim.Task.Attempt, saved.Step, saved.StateJson, snapshot.Commit, services.Time.GetUtcNow());
        if (!await services.Store.SaveCheckpointAsync(state.Claim.Lease, checkpoint, cancellationToken))
        {
            throw new LeaseLostException(state.Claim.Lease);
        }
    }
}
