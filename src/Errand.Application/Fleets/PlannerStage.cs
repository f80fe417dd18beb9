using Errand.Engine.Questions;
using Errand.Fleets;
using Errand.Journal;
using Errand.Questions;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Application.Fleets;

/// <summary>Where a planner fleet's planner is: its task, its state, what it proposed, and whether that waits for a human.</summary>
/// <param name="TaskId">The planner task.</param>
/// <param name="State">The planner task's state.</param>
public sealed record PlannerStage(long TaskId, string State)
{
    /// <summary>The slices it proposed, once it has.</summary>
    public IReadOnlyList<ProposedSlice>? Proposed { get; init; }

    /// <summary>True while the proposal waits in the decision inbox.</summary>
    public bool WaitingForApproval { get; init; }

    /// <summary>The stage of <paramref name="fleet"/>'s planner, or null for a fleet without one.</summary>
    /// <param name="store">The store.</param>
    /// <param name="fleet">The fleet.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public static async Task<PlannerStage?> LoadAsync(IErrandStore store, FleetRecord fleet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fleet);
        if (fleet.PlannerTaskId is not { } id || await store.GetAsync(id, cancellationToken) is not { } task)
        {
            return null;
        }

        var events = await store.ReadAsync(id, 0, 10_000, cancellationToken);
        var proposed = events.LastOrDefault(e => e.Kind == JournalKinds.FleetProposed) is { DataJson: { } json } ? SliceProposals.Deserialize(json) : null;
        var open = QuestionLog.Read(events).Open;
        return new PlannerStage(id, task.State.ToWireName())
        {
            Proposed = proposed,
            WaitingForApproval = task.State == TaskState.WaitingForHuman && open?.Question.Kind == QuestionKinds.Slices,
        };
    }

    /// <summary>One line for people: what the planner is doing, and how to answer when it waits.</summary>
    public string Line() => WaitingForApproval
        ? $"planner #{TaskId} proposes {Proposed?.Count ?? 0} slices, waiting for approval: errand answer {TaskId} approve | reject | \"<one slice per line>\""
        : $"planner #{TaskId} {State}" + (Proposed is { } p ? $", proposed {p.Count} slices" : "");
}
