using System.Text;
using Errand.Specs;

namespace Errand.Agents.Cli;

/// <summary>What a CLI agent is told: the task's contract on a first run, the failed checks on a later round.</summary>
internal static class CliPrompt
{
    /// <summary>The first message of a fresh session.</summary>
    public static string Start(TaskSpec spec)
    {
        var text = new StringBuilder();
        text.AppendLine(spec.Instruction.Trim().Length > 0 ? spec.Instruction.Trim() : spec.Title);
        text.AppendLine();
        text.AppendLine("You work alone and unattended in this git repository (the current directory): nobody is watching, so do not ask questions; decide and keep going until the task is done. Do not commit; Errand commits your changes.");
        Section(text, "Done when:", spec.DoneWhen);
        Section(text, "After you finish, Errand runs these checks; all must pass:", spec.Verify.Checks.Select(c => c.Run));
        Section(text, "Do not change, delete or add files matching these paths (the task fails if you do):", spec.Protect);
        return text.ToString().TrimEnd();
    }

    /// <summary>
    /// The first message of a fresh process on a task that may be under way (a session that could not be resumed, a
    /// CLI that keeps none): the contract, then what to act on now.
    /// </summary>
    public static string Fresh(AgentRun run) =>
        run.ResumeFrom is null && run.FollowUp is null && run.VerifyFeedback is not { Length: > 0 }
            ? Start(run.Spec)
            : Start(run.Spec) + "\n\n" + Continue(run);

    /// <summary>The message that continues a session: the failed checks of the last round, or a nudge after an interruption.</summary>
    public static string Continue(AgentRun run) => run switch
    {
        { FollowUp: { } next } => $"A follow-up to the task you finished, on the same branch: {next.Trim()}",
        { VerifyFeedback: { Length: > 0 } feedback } =>
            $"Errand ran the checks after you finished, and they failed (verify round {run.Round}). Fix the cause and run the checks yourself.\n\n{feedback.Trim()}",
        _ => "You were interrupted. Continue the task where you left off, and finish it.",
    };

    private static void Section(StringBuilder text, string heading, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }

        text.AppendLine().AppendLine(heading);
        foreach (var line in list)
        {
            text.Append("- ").AppendLine(line);
        }
    }
}
