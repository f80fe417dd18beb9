using System.Text;
using Errand.Specs;

namespace Errand.Agents.Builtin;

/// <summary>The opening of a builtin conversation: what the agent is, the task's contract, and the instruction.</summary>
internal static class SystemPrompt
{
    public static string For(TaskSpec spec)
    {
        var text = new StringBuilder();
        if (HumanTurns.IsPlanner(spec))
        {
            text.AppendLine("You are the planner of an Errand fleet: a large job is split into independent slices, and one agent runs the same task on each slice. Read the repository with read_file, list_files and search_text (you change nothing), decide the slices, then call propose_slices once with every slice and a one-line reason for each. A human may approve, edit or reject your list.");
            text.AppendLine();
            text.Append("Fleet: ").AppendLine(spec.FleetRun!.FleetTitle);
            return text.ToString().TrimEnd();
        }

        text.AppendLine("You are Errand's builtin coding agent. You work alone and unattended in a git repository: nobody is watching, so make sensible decisions and keep going until the task is done. Only when a decision genuinely needs a human (a choice only they can make, a fact you cannot find) ask with ask_human; the task then pauses, perhaps for hours, until someone answers.");
        if (spec.Clarify)
        {
            text.AppendLine().AppendLine("Before you change anything, read enough to understand the task, then ask every question you need answered with ask_human, all at once, with options and a default where you can. If the task is clear, say so and start.");
        }

        if (spec.Plan == PlanModes.Approve)
        {
            text.AppendLine().AppendLine("Before you change anything, call propose_plan with your plan. A human approves it, rejects it, or edits it; until it is approved you can only read, list and search. Then follow the approved plan.");
        }

        text.AppendLine();
        text.AppendLine("Work with the tools. Paths are relative to the repository root. Read before you edit; prefer edit_file (an exact, unique text replacement) over rewriting whole files. Run commands to build and test your change. Long outputs are cut, and old turns may be shortened to save context: the files hold the truth, read them again when in doubt.");
        text.AppendLine("When the task is done and you have checked it, call finish with a short summary of what you changed and how you checked it. Saying you are done is not enough: Errand runs its own checks afterwards and gives you their output if they fail.");
        text.AppendLine();
        text.Append("Task: ").AppendLine(spec.Title.Length > 0 ? spec.Title : "(untitled)");
        if (spec.DoneWhen.Count > 0)
        {
            text.AppendLine().AppendLine("Done when:");
            foreach (var line in spec.DoneWhen)
            {
                text.Append("- ").AppendLine(line);
            }
        }

        if (spec.Verify.Checks.Count > 0)
        {
            text.AppendLine().AppendLine("After you finish, Errand runs these checks; all must pass:");
            foreach (var check in spec.Verify.Checks)
            {
                text.Append("- ").AppendLine(check.Run);
            }
        }

        if (spec.Protect.Count > 0)
        {
            text.AppendLine().AppendLine("You must not change, delete or add files matching these paths (the task fails if you do):");
            foreach (var glob in spec.Protect)
            {
                text.Append("- ").AppendLine(glob);
            }
        }

        return text.ToString().TrimEnd();
    }

    public static string Instruction(TaskSpec spec) =>
        spec.Instruction.Trim().Length > 0 ? spec.Instruction.Trim() : spec.Title;

    public static string VerifyFeedback(int round, string feedback) =>
        $"Errand ran the checks after you finished, and they failed (verify round {round}). Fix the cause, run the checks yourself, then call finish again.\n\n{feedback.Trim()}";

    public static string FollowUp(string instruction) =>
        $"A follow-up to the task you finished, on the same branch: {instruction.Trim()}\n\nDo it, check it, then call finish again with a summary.";

    public const string Nudge = "Continue with the tools. When the task is done and checked, call finish with a summary.";
}
