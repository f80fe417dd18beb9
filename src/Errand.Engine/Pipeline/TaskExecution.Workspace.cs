using Errand.Engine.Tasks;
using Errand.Engine.Telemetry;
using Errand.Journal;
using Errand.Storage;

namespace Errand.Engine.Pipeline;

/// <summary>
/// The task's work leaving the workspace: a snapshot commit, the branch moved to it under a confirmed lease, and
/// the spec's <c>deliver.push</c>.
/// </summary>
internal sealed partial class TaskExecution
{
    private async Task SnapshotAsync(AttemptState state, string message, CancellationToken cancellationToken)
    {
        state.Snapshot = await services.Workspaces.SnapshotAsync(state.Workspace!, message, cancellationToken);
        await WorkspaceEvents.WriteSharedRemoteAsync(state, state.Snapshot, cancellationToken);
        if (state.Snapshot.Commit is { } commit && commit != state.Workspace!.BaseCommit)
        {
            var stat = state.Snapshot.DiffStat;
            await state.Journal.WriteAsync(JournalKinds.Committed,
                $"committed {commit[..12]}: {stat.FilesChanged} file{(stat.FilesChanged == 1 ? "" : "s")}, +{stat.Insertions} -{stat.Deletions}",
                Json.ErrandJson.Serialize(new { commit, diff_stat = stat }), cancellationToken);
        }
    }

    // A scratch workspace, or a git one the agent left as it found it, has nothing to deliver.
    private static bool HasWorkToDeliver(AttemptState state) =>
        state.Workspace is { IsGit: true } workspace && state.Snapshot?.Commit is { } commit && commit != workspace.BaseCommit;

    private async Task<bool> DeliverAsync(AttemptState state, CancellationToken cancellationToken)
    {
        if (!HasWorkToDeliver(state))
        {
            return false;
        }

        var workspace = state.Workspace!;
        var commit = state.Snapshot!.Commit!;

        // The journal records the work before the effect; then fencing for an effect outside the store: confirm
        // the lease right before moving the branch, so a worker paused past its lease does not point the branch at
        // stale work after another worker has taken over.
        await state.Journal.FlushAsync(cancellationToken);
        if (await services.Store.RenewAsync(state.Claim.Lease, options.LeaseDuration, cancellationToken) == LeaseRenewal.Lost)
        {
            throw new LeaseLostException(state.Claim.Lease);
        }

        await services.Workspaces.DeliverAsync(workspace, commit, cancellationToken);
        state.Delivered = true;
        await state.Journal.WriteAsync(JournalKinds.Delivered, $"branch {workspace.Branch} → {commit[..12]}",
            Json.ErrandJson.Serialize(new { branch = workspace.Branch, commit }), cancellationToken);
        return true;
    }

    // deliver.push: the verified branch goes to the spec's remote, unless a human said no to it. Says what happened.
    private async Task<string> PushAsync(AttemptState state, CancellationToken cancellationToken)
    {
        if (state.Spec.Deliver.Push is not { } remote || !state.Delivered || state.Snapshot?.Commit is not { } commit)
        {
            return "";
        }

        if (state.Questions.ApprovalOf(Errand.Questions.ApprovalSubjects.Push) is { } answer && !answer.Is(Errand.Questions.QuestionAnswers.Approve))
        {
            return $"; not pushed to {remote}: {(answer.TimedOut ? "nobody approved it in time" : $"{answer.By} rejected it")}";
        }

        using var span = Spans.StartPhase("push");
        var where = await services.Workspaces.PushAsync(state.Workspace!, remote, commit, cancellationToken);
        await state.Journal.WriteAsync(JournalKinds.Pushed, $"pushed {state.Workspace!.Branch} → {remote} ({where}) at {commit[..12]}",
            Json.ErrandJson.Serialize(new { remote, branch = state.Workspace.Branch, commit }), cancellationToken);
        return $"; pushed {state.Workspace.Branch} to {remote}";
    }

    private async Task KeepWorkAsync(AttemptState state, CancellationToken cancellationToken)
    {
        if (state.Workspace is null)
        {
            return;
        }

        await SnapshotAsync(state, $"errand: task {state.TaskId}, work so far", cancellationToken);
        await DeliverAsync(state, cancellationToken);
    }
}
