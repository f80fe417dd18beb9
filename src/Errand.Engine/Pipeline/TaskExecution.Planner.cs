using Errand.Engine.Questions;
using Errand.Fleets;
using Errand.Journal;
using Errand.Questions;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Engine.Pipeline;

/// <summary>
/// A fleet's planner: its agent reads the repository and proposes the slices; the proposal is journaled, then (with
/// <c>approve: true</c>) waits in the decision inbox; its success hands the fleet the approved slices in the transaction
/// that ends it. Each step is durable before the next: a crash repeats at most the agent's last turn.
/// </summary>
internal sealed partial class TaskExecution
{
    private async Task<(TaskState To, string Reason)> RunPlannerAsync(AttemptState state, FleetOrigin origin, CancellationToken cancellationToken)
    {
        var planner = origin.Planner ?? new PlannerSpec();
        if (await HumanGate.SettleUnansweredAsync(state, services.Time, cancellationToken) is { } settled)
        {
            return settled;
        }

        IReadOnlyList<ProposedSlice> slices;
        string how;
        if (state.Questions.LatestAnswer is { Question.Kind: QuestionKinds.Slices } answer)
        {
            if (answer.Is(QuestionAnswers.Reject))
            {
                return (TaskState.Cancelled, answer.TimedOut
                    ? "nobody approved the proposed slices in time, so the fleet does not run"
                    : $"the proposed slices were rejected by {answer.By}");
            }

            if (answer.Is(QuestionAnswers.Approve))
            {
                (slices, how) = (SliceProposals.Deserialize(answer.Question.Subject!), $"approved by {answer.By}");
            }
            else if (SliceProposals.Parse(answer.Text, planner.MaxSlices) is ({ } edited, _))
            {
                (slices, how) = (edited, $"as edited by {answer.By}");
            }
            else
            {
                return (TaskState.Failed, $"the list of slices {answer.By} answered with is not valid: {SliceProposals.Parse(answer.Text, planner.MaxSlices).Problem}");
            }
        }
        else
        {
            var proposal = state.Proposed;
            if (proposal is null)
            {
                var (proposed, failure) = await ProposeAsync(state, planner, cancellationToken);
                if (proposed is null)
                {
                    return failure!.Value;
                }

                proposal = proposed;
                await state.Journal.WriteAsync(JournalKinds.FleetProposed,
                    $"the planner proposes {proposal.Count} slice{(proposal.Count == 1 ? "" : "s")}:\n{SliceProposals.Describe(proposal)}",
                    SliceProposals.Serialize(proposal), cancellationToken);
            }

            if (planner.Approve)
            {
                state.Asking = SlicesQuestion(state, origin, proposal);
                return (TaskState.WaitingForHuman, "");
            }

            (slices, how) = (proposal, "approve: false, so no human was asked");
        }

        if (await services.Store.FleetOfTaskAsync(state.TaskId, cancellationToken) is not { } member
            || await services.Store.GetFleetAsync(member.FleetId, cancellationToken) is not { } fleet)
        {
            return (TaskState.Failed, "this planner belongs to no fleet");
        }

        var template = TaskSpecJson.Deserialize(fleet.SpecJson);
        state.PlannedSlices = FleetDefinition.PlannedSlices(template, [.. slices.Select(s => s.Value)], state.Claim.Task.MaxAttempts);
        var values = string.Join(", ", slices.Take(10).Select(s => s.Value)) + (slices.Count > 10 ? ", …" : "");
        return (TaskState.Succeeded, $"{slices.Count} slice{(slices.Count == 1 ? "" : "s")} ({how}): {values}");
    }

    // Runs the planner's agent for one round and reads its proposal: the builtin's propose_slices call, or the JSON list a
    // command printed. A bad proposal fails the planner (and so the fleet), saying what is wrong.
    private async Task<(IReadOnlyList<ProposedSlice>? Slices, (TaskState, string)? Failure)> ProposeAsync(
        AttemptState state, PlannerSpec planner, CancellationToken cancellationToken)
    {
        await PhaseAsync(state, "prepare", () => PrepareAsync(state, cancellationToken), cancellationToken);
        if (services.FindAgent(state.Spec.Agent) is not { } agent)
        {
            return (null, (TaskState.Failed, $"agent '{state.Spec.Agent}' is not available on this worker"));
        }

        state.Rounds = 1;
        state.Output = new System.Text.StringBuilder();
        var round = await PhaseAsync(state, "agent",
            () => AgentPhase.RunAsync(agent, state, services, transitions, 1, null, options.RepeatedFailureLimit, cancellationToken), cancellationToken);
        state.AgentSummary = round.Said;
        if (round.End == AgentPhaseEnd.Asked)
        {
            state.Asking = HumanGate.FromAgent(state, round.Asked!, services.Time, 1);
            return (null, (TaskState.WaitingForHuman, ""));
        }

        if (round.End != AgentPhaseEnd.Finished)
        {
            return (null, (round.End == AgentPhaseEnd.BudgetUsedUp ? TaskState.Partial : TaskState.Failed, $"the planner proposed no slices: {round.Said}"));
        }

        var (slices, problem) = state.Spec.Agent is AgentNames.Command or AgentNames.CommandTemplate
            ? SliceProposals.FromOutput(state.Output.ToString(), planner.MaxSlices)
            : SliceProposals.Parse(round.Said, planner.MaxSlices);
        return slices is null ? (null, (TaskState.Failed, $"the planner's proposal is not valid: {problem}")) : (slices, null);
    }

    private AskedQuestion SlicesQuestion(AttemptState state, FleetOrigin origin, IReadOnlyList<ProposedSlice> slices)
    {
        var n = slices.Count;
        var text = $"Fleet \"{origin.FleetTitle}\": the planner proposes {n} slice{(n == 1 ? "" : "s")}. Approve them, reject them "
            + "(the fleet does not run), or answer with your own list (one slice per line, or [a, b, c]).";
        var timeout = state.Spec.Questions.Timeout;
        return new AskedQuestion(new Question(QuestionKinds.Slices, text)
        {
            Options = [QuestionAnswers.Approve, QuestionAnswers.Reject],
            Default = QuestionAnswers.Reject,
            Subject = SliceProposals.Serialize(slices),
            Deadline = timeout is { } t ? services.Time.GetUtcNow() + t : null,
        }, 1);
    }
}
