using Errand.Engine.Tasks;
using Errand.Engine.Workers;
using Errand.Storage;
using Errand.Tasks;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Pipeline;

/// <summary>
/// How an attempt ends when it does not run to its end: interrupted (lease lost, shutdown, cancel, time budget), an
/// internal error, and the clean-up of its sandbox and workspace either way.
/// </summary>
internal sealed partial class TaskExecution
{
    private async Task OnStoppedAsync(TaskClaim claim, AttemptState? state, StopReason reason)
    {
        using var wrapUp = new CancellationTokenSource(WrapUpTimeout, services.Time);
        try
        {
            switch (reason)
            {
                case StopReason.LeaseLost:
                    // Another worker owns the task now. Writing anything here would be a stale write; the store
                    // would refuse it anyway, but there is nothing to say.
                    logger.LogWarning("Task {TaskId}: lease lost; stopped without writing", claim.Task.Id);
                    break;
                case StopReason.Shutdown:
                    if (state is not null)
                    {
                        await state.Journal.FlushAsync(wrapUp.Token);
                    }

                    await transitions.HandBackAsync(claim.Lease, "worker shut down before the task finished", wrapUp.Token);
                    break;
                case StopReason.CancelRequested or StopReason.TimeBudget when state is not null:
                    await KeepWorkAsync(state, wrapUp.Token);
                    var budget = state.Spec.Budget.Time;
                    await FinishAsync(state,
                        reason == StopReason.CancelRequested ? TaskState.Cancelled : TaskState.Partial,
                        reason == StopReason.CancelRequested
                            ? "cancelled by request" + (state.Delivered ? $"; work so far is on {state.Workspace!.Branch}" : "")
                            : $"time budget of {budget} used up" + (state.Delivered ? $"; work so far is on {state.Workspace!.Branch}" : ""));
                    break;
                default:
                    await transitions.FinishAsync(claim,
                        reason == StopReason.TimeBudget ? TaskState.Partial : TaskState.Cancelled,
                        reason == StopReason.TimeBudget ? "time budget used up" : "cancelled by request", null, [], wrapUp.Token);
                    break;
            }
        }
        catch (Exception ex) when (ex is LeaseLostException or OperationCanceledException)
        {
            Log(state).LogWarning(ex, "Task {TaskId}: could not wrap up after {Reason}", claim.Task.Id, reason);
        }
    }

    private async Task FailQuietlyAsync(TaskClaim claim, AttemptState? state, string reason)
    {
        try
        {
            if (state is null)
            {
                await transitions.FinishAsync(claim, TaskState.Failed, reason, null, [], CancellationToken.None);
            }
            else
            {
                await FinishAsync(state, TaskState.Failed, reason);
            }
        }
        catch (LeaseLostException)
        {
            Log(state).LogWarning("Task {TaskId}: lease lost while recording failure '{Reason}'", claim.Task.Id, reason);
        }
    }


    private async Task CleanUpAsync(AttemptState? state)
    {
        if (state?.Sandbox is { } sandbox)
        {
            await sandbox.DisposeAsync();
        }

        if (state?.Workspace is { } workspace && !options.KeepWorkspaces)
        {
            try
            {
                await services.Workspaces.CleanupAsync(workspace, CancellationToken.None);
            }
            catch (Exception ex)
            {
                Log(state).LogWarning(ex, "Task {TaskId}: could not remove workspace {Path}", state.TaskId, workspace.Path);
            }
        }
    }
}
