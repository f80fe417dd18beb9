using Errand.Engine.Fleets;
using Errand.Fleets;
using Errand.Journal;
using Errand.Json;
using Errand.Tasks;
using Errand.Workspaces;

namespace Errand.Engine.Pipeline;

/// <summary>A fleet's fan-in: no agent of its own; it reads its fleet's slices and reports, picks, or merges and verifies.</summary>
internal sealed partial class TaskExecution
{
    private async Task<(TaskState To, string Reason)> RunFanInAsync(AttemptState state, FleetOrigin origin, CancellationToken cancellationToken)
    {
        var store = services.Store;
        if (await store.FleetOfTaskAsync(state.TaskId, cancellationToken) is not { Slice: null } member
            || await store.GetFleetAsync(member.FleetId, cancellationToken) is not { } fleet)
        {
            return (TaskState.Failed, "this fan-in belongs to no fleet");
        }

        var slices = await store.ListSlicesAsync(fleet.Id, cancellationToken);
        var report = await FleetReports.BuildAsync(store, fleet, slices, cancellationToken);
        state.FleetReport = report;
        var tally = FleetReports.Tally(report);
        await state.Journal.WriteAsync(JournalKinds.PhaseStarted, $"fan-in ({origin.FanIn}) of fleet #{fleet.Id}: {tally}", null, cancellationToken);
        return origin.FanIn switch
        {
            FanInKinds.Pick => await PickAsync(state, report, origin.Pick ?? new PickSpec(), cancellationToken),
            FanInKinds.Merge when report.Stopped is null => await MergeAsync(state, report, cancellationToken),
            _ => (report.Succeeded == report.Slices.Count ? TaskState.Succeeded : TaskState.Failed, tally),
        };
    }

    private async Task<(TaskState To, string Reason)> PickAsync(AttemptState state, FleetReport report, PickSpec pick, CancellationToken cancellationToken)
    {
        var ranked = SmallestDiffPick.Rank(report);
        if (ranked.Count == 0)
        {
            return (TaskState.Failed, SmallestDiffPick.NonePassed(report));
        }

        var winner = ranked[0];
        var because = ranked.Count == 1
            ? "the only attempt that passed verification"
            : $"smallest diff ({winner.LinesChanged ?? 0} lines changed) of {ranked.Count} that passed verification";
        if (pick.Rule == PickRules.Judge && ranked.Count > 1)
        {
            var (judged, why) = await JudgeAsync(state, [.. ranked.OrderBy(s => s.Index)], pick, cancellationToken);
            if (judged is null)
            {
                return (TaskState.Failed, why);
            }

            (winner, because) = (judged, why);
        }

        state.FleetReport = SmallestDiffPick.Picked(report, winner, because);
        await state.Journal.WriteAsync(JournalKinds.Delivered, $"picked attempt {winner.Index + 1} ({winner.Branch}): {because}",
            ErrandJson.Serialize(new { winner = winner.Index, branch = winner.Branch, because }), cancellationToken);
        var kept = state.FleetReport.KeptForReview;
        return (TaskState.Succeeded, $"picked attempt {winner.Index + 1} on {winner.Branch}: {because}"
            + (kept.Count > 0 ? $"; kept for review: {string.Join(", ", kept)}" : ""));
    }

    private async Task<(TaskState To, string Reason)> MergeAsync(AttemptState state, FleetReport report, CancellationToken cancellationToken)
    {
        var spec = state.Spec;
        var green = report.Slices.Where(s => s.State == SliceState.Succeeded.ToWireName() && s.Branch is not null).ToList();
        if (spec.Repo is null || green.Count == 0)
        {
            return (TaskState.Failed, $"nothing to merge: {FleetReports.Tally(report)}");
        }

        // Slice order: each green slice's branch onto the chain of those before it; a conflicting one is left out.
        var merge = await PhaseAsync(state, "merge",
            () => services.Workspaces.MergeAsync(new MergeRequest(state.TaskId, spec.Repo, spec.Base, [.. green.Select(s => s.Branch!)]), cancellationToken),
            cancellationToken);
        var byBranch = green.Zip(merge.Branches).ToDictionary(p => p.First.Index, p => p.Second);
        var slices = report.Slices.Select(s => byBranch.TryGetValue(s.Index, out var m)
            ? s with { Merge = m.Merged ? "merged" : m.Commit is null ? "not_merged" : "conflict", Conflicts = m.Conflicts }
            : s with { Merge = "not_merged" }).ToList();
        foreach (var slice in slices.Where(s => s.Merge == "conflict"))
        {
            await state.Journal.WriteAsync(JournalKinds.Warning,
                $"slice {slice.Index + 1} ({slice.Value}, {slice.Branch}) conflicts in {string.Join(", ", slice.Conflicts)}: not merged",
                ErrandJson.Serialize(new { slice = slice.Index, branch = slice.Branch, conflicts = slice.Conflicts }), cancellationToken);
        }

        var merged = slices.Count(s => s.Merge == "merged");
        report = report with { Slices = slices };
        state.FleetReport = report;
        state.StartFrom = merge.Head;

        // The integration branch is a workspace like any task's: prepared at the merge chain, verified by the spec's
        // own checks in its sandbox, and delivered.
        await PhaseAsync(state, "prepare", () => PrepareAsync(state, cancellationToken), cancellationToken);
        await SnapshotAsync(state, $"errand: fleet #{report.FleetId} integration", cancellationToken);
        var verify = await PhaseAsync(
            state, "verify", () => Verifier.RunAsync(spec, state.Sandbox!, state.Snapshot!, state.Journal, cancellationToken), cancellationToken);
        state.Checks = verify.Checks;
        state.ProtectViolations = verify.ProtectViolations;
        await PhaseAsync(state, "deliver", () => DeliverAsync(state, cancellationToken), cancellationToken);
        state.FleetReport = report with { IntegrationBranch = state.Delivered ? state.Workspace!.Branch : null };

        var conflicts = slices.Where(s => s.Merge == "conflict").Select(s => $"#{s.Index + 1} {s.Value}: {string.Join(", ", s.Conflicts)}").ToList();
        var what = $"merged {merged} of {slices.Count} slices into {state.Workspace!.Branch}"
            + (conflicts.Count > 0 ? $"; conflicts (not merged): {string.Join("; ", conflicts)}" : "")
            + (report.Succeeded < slices.Count ? $"; {FleetReports.Tally(report)}" : "");
        if (!verify.Passed)
        {
            return (TaskState.Failed, $"{what}; verification of the integration branch failed: {verify.Reason()}");
        }

        var checks = verify.Checks.Count == 0 ? "no checks to run" : $"all {verify.Checks.Count} checks passed on it";
        return (merged == slices.Count ? TaskState.Succeeded : TaskState.Failed, $"{what}; {checks}");
    }
}
