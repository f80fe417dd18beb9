using Errand.Agents.Tools;
using Errand.Questions;
using Errand.Specs;

namespace Errand.Agents.Builtin;

/// <summary>
/// The builtin loop's human gates: <c>ask_human</c>, a plan waiting for approval (<c>plan: approve</c>), a command a
/// <c>command:GLOB</c> rule holds — and, once the answer comes, the result the held call gets.
/// </summary>
internal static class HumanTurns
{
    private static readonly HashSet<string> ChangesThings = new(StringComparer.Ordinal) { "write_file", "edit_file", "run_command" };

    /// <summary>True for a fleet's planner, which reads and proposes slices.</summary>
    public static bool IsPlanner(TaskSpec spec) => spec.FleetRun is { Role: Fleets.FleetRoles.Planner };

    /// <summary>True for the tools that only read the workspace.</summary>
    public static bool ReadsOnly(string tool) => tool is "read_file" or "list_files" or "search_text";

    /// <summary>What the loop does with a call before running it.</summary>
    /// <returns>Null to run it; a question to hold it; or a refusal, the call's result without running it.</returns>
    public static (PendingQuestion? Hold, string? Refusal) Intercept(ToolCallPart call, TaskSpec spec, BuiltinState state)
    {
        try
        {
            switch (call.Name)
            {
                case AskHumanTool.ToolName:
                    var (question, timeout) = AskHumanTool.Read(ToolArguments.Parse(call.ArgumentsJson));
                    return (Hold(call, question) with { Timeout = timeout }, null);
                case ProposePlanTool.ToolName when spec.Plan == PlanModes.Approve:
                    return (Hold(call, ProposePlanTool.Read(ToolArguments.Parse(call.ArgumentsJson))), null);
                case ProposePlanTool.ToolName:
                    return (null, "error: this task has no plan step; go ahead with the work");
                case ProposeSlicesTool.ToolName when spec.FleetRun is { Role: Fleets.FleetRoles.Planner, Planner: { } planner }:
                    return (null, ProposeSlicesTool.Recorded(ProposeSlicesTool.Read(ToolArguments.Parse(call.ArgumentsJson), planner.MaxSlices)));
                case ProposeSlicesTool.ToolName:
                    return (null, "error: only a fleet's planner proposes slices");
            }

            if (IsPlanner(spec) && !ReadsOnly(call.Name))
            {
                return (null, $"error: {call.Name} is not for a planner: read the repository, then call propose_slices with the slices");
            }

            if (spec.Plan == PlanModes.Approve && !state.PlanApproved && ChangesThings.Contains(call.Name))
            {
                return (null, $"error: {call.Name} is not allowed yet: propose your plan with propose_plan first; a human approves it before you change anything");
            }

            if (call.Name == "run_command" && HeldCommand(spec, ToolArguments.Parse(call.ArgumentsJson).String("command"), state.ApprovedCommands) is { } held)
            {
                return (Hold(call, held), null);
            }
        }
        catch (ToolException ex)
        {
            return (null, $"error: {ex.Message}");
        }

        return (null, null);
    }

    /// <summary>The result a call gets when an earlier call of the same turn is waiting for a human.</summary>
    public static string NotRunWhileWaiting(string tool) =>
        $"error: {tool} was not run: you asked a human in the same turn; call it again once you have the answer";

    /// <summary>True when the answer lets a held command run.</summary>
    public static bool RunsHeldCommand(PendingQuestion pending, HumanAnswer answer) =>
        pending.Tool == "run_command" && answer.Is(QuestionAnswers.Approve);

    /// <summary>The held call's result, from the answer (a held command that was approved gets its output instead).</summary>
    public static string ResultFor(PendingQuestion pending, HumanAnswer answer)
    {
        var late = answer.TimedOut ? "Nobody answered in time, so the default was taken: " : "";
        return pending.Question.Kind switch
        {
            QuestionKinds.Plan when answer.Is(QuestionAnswers.Approve) => $"{late}The plan is approved. Go ahead with it.",
            QuestionKinds.Plan when answer.Is(QuestionAnswers.Reject) => $"{late}The plan was rejected. Rethink it and propose another with propose_plan.",
            QuestionKinds.Plan => $"The human edited your plan. Follow this plan instead:\n{answer.Text}",
            QuestionKinds.Approval => $"error: {late}a human did not approve this command, so it was not run. Find another way, or ask with ask_human why.",
            _ => $"{(answer.TimedOut ? "Nobody answered in time; going with the default" : $"{answer.By} answered")}: {answer.Text}",
        };
    }

    /// <summary>The conversation with the held turn completed by <paramref name="result"/>.</summary>
    public static BuiltinState Complete(BuiltinState state, PendingQuestion pending, string result, HumanAnswer answer)
    {
        var results = pending.Results.Select(r => r.CallId == pending.CallId ? r with { Text = result } : r).ToList();
        var approvedPlan = pending.Question.Kind == QuestionKinds.Plan && !answer.Is(QuestionAnswers.Reject);
        var approvedCommand = RunsHeldCommand(pending, answer) ? ToolArguments.Parse(pending.ArgumentsJson).String("command") : null;
        return state with
        {
            Pending = null,
            PlanApproved = state.PlanApproved || approvedPlan,
            ApprovedCommands = approvedCommand is null ? state.ApprovedCommands : [.. state.ApprovedCommands, approvedCommand],
            Messages = [.. state.Messages, new ConversationMessage(ConversationMessage.Tool, results)],
        };
    }

    private static PendingQuestion Hold(ToolCallPart call, Question question) =>
        new(call.CallId, call.Name, call.ArgumentsJson, question, []);

    private static Question? HeldCommand(TaskSpec spec, string command, IReadOnlyList<string> approvedCommands)
    {
        if (approvedCommands.Contains(command, StringComparer.Ordinal))
        {
            return null;
        }

        var rule = spec.Approvals.FirstOrDefault(r => ApprovalSubjects.CommandOf(r) is { } glob && CommandGlob.Matches(glob, command));
        return rule is null ? null : new Question(QuestionKinds.Approval, $"The agent wants to run `{command}` (held by the approval rule '{rule}'). Allow it?")
        {
            Options = [QuestionAnswers.Approve, QuestionAnswers.Reject],
            Default = QuestionAnswers.Reject,
            Subject = ApprovalSubjects.Command(command),
        };
    }
}
