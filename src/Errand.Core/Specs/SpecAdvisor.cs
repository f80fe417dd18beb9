namespace Errand.Specs;

/// <summary>
/// The warnings: specs that can run but that an agent probably cannot finish, or that nobody can check once it
/// says it has. A field that already has an error gets no warning on top.
/// </summary>
internal static class SpecAdvisor
{
    /// <summary>Fewer words than this is not an instruction an agent can act on.</summary>
    public const int MinWords = 5;

    public static void Advise(TaskSpec spec, MarkdownBody body, SpecContext context)
    {
        var top = new SourcePosition(1, 1);
        if (spec.Verify.Checks.Count == 0 && !context.HasErrorsUnder("verify"))
        {
            context.Warning(SpecCodes.NoVerify, context.Positions.ContainsKey("verify") ? context.PositionOf("verify") : top, "verify",
                "no verify checks: the agent's 'done' cannot be checked. Add a command that proves the work, "
                + "e.g. verify: dotnet test");
        }

        if (spec.Budget.IsUnlimited && !context.HasErrorsUnder("budget"))
        {
            context.Warning(SpecCodes.NoBudget, context.Positions.ContainsKey("budget") ? context.PositionOf("budget") : top, "budget",
                "no budget: nothing limits time, steps, tokens or cost, so a stuck agent runs until someone notices. "
                + "Add e.g. budget: { time: 30m, cost: 2.00 }");
        }

        AdviseOnBody(spec, body, context);

        if (spec.Command is not null && spec.Agent is not (AgentNames.Command or AgentNames.CommandTemplate) && !context.HasErrorsUnder("agent"))
        {
            context.Warning(SpecCodes.CommandIgnored, context.PositionOf("command"), "command",
                $"command is ignored: agent '{spec.Agent}' does not run it. Set 'agent: command' to run this line, or remove it");
        }

        if (spec.Agent == AgentNames.CommandTemplate && spec.Command is { } template && !CommandTemplate.TakesPrompt(template)
            && !context.HasErrorsUnder("command"))
        {
            context.Warning(SpecCodes.NoPromptPlaceholder, context.PositionOf("command"), "command",
                "the command template never hands the agent its instruction: add {prompt} (the text, shell-quoted) or "
                + "{prompt_file} (a file holding it) where the agent takes its task");
        }

        AdviseOnHumanLoop(spec, context);

        if (spec.Sandbox.Backend == SandboxBackends.None)
        {
            context.Warning(SpecCodes.NoIsolation, context.PositionOf("sandbox.backend"), "sandbox.backend",
                "sandbox backend 'none' gives NO isolation: the agent and the checks run as you, with your files, network "
                + "and credentials (~/.ssh, cloud keys, tokens in the environment). Use it only for trusted commands on a "
                + "machine without bubblewrap");
        }
    }

    // Only the builtin agent has ask_human, a plan step and a run tool Errand can hold: a CLI agent or a command would
    // silently go ahead, so say so rather than let the spec promise a human gate that is not there.
    private static void AdviseOnHumanLoop(TaskSpec spec, SpecContext context)
    {
        if (spec.Agent == AgentNames.Builtin || context.HasErrorsUnder("agent"))
        {
            return;
        }

        foreach (var field in new[] { "clarify", "plan" }.Where(f => context.Positions.ContainsKey(f)))
        {
            if (field == "clarify" ? spec.Clarify : spec.Plan == PlanModes.Approve)
            {
                context.Warning(SpecCodes.HumanLoopIgnored, context.PositionOf(field), field,
                    $"{field} is ignored: agent '{spec.Agent}' cannot ask a human; only the builtin agent asks questions and proposes plans");
            }
        }

        for (var i = 0; i < spec.Approvals.Count; i++)
        {
            if (spec.Approvals[i].StartsWith("command:", StringComparison.Ordinal))
            {
                var path = $"approvals[{i}]";
                context.Warning(SpecCodes.HumanLoopIgnored, context.Positions.ContainsKey(path) ? context.PositionOf(path) : context.PositionOf("approvals"), path,
                    $"'{spec.Approvals[i]}' is not enforced: agent '{spec.Agent}' runs its own commands; only the builtin agent's commands can be held "
                    + "for approval (push, budget and network approvals work with every agent)");
            }
        }
    }

    private static void AdviseOnBody(TaskSpec spec, MarkdownBody body, SpecContext context)
    {
        var at = new SourcePosition(body.FirstLine, 1);
        context.Record("instruction", at);
        for (var i = 0; i < body.DoneWhenLines.Count; i++)
        {
            context.Record($"done_when[{i}]", new SourcePosition(body.DoneWhenLines[i], 1));
        }

        // A command task runs its command line; its body is a note for people, not an instruction.
        var instructed = spec.Agent != AgentNames.Command;
        if (body.Instruction.Length == 0)
        {
            if (instructed)
            {
                context.Warning(SpecCodes.EmptyInstruction, at, null,
                    "the body is empty, so the agent has no instruction and cannot do anything; write what to do "
                    + "below the closing '---'");
            }

            return;
        }

        var words = body.Instruction.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));
        if (instructed && words < MinWords)
        {
            context.Warning(SpecCodes.VagueInstruction, at, null,
                $"the instruction is {words} word{(words == 1 ? "" : "s")}: too vague for an agent to act on. Say what to "
                + "change, where, and why");
        }

        if (body.DoneWhenHeadingLine is not { } heading)
        {
            context.Warning(SpecCodes.NoDoneWhen, at, null,
                "no 'Done when' section: add a '## Done when' heading with a list of outcomes, so the result report "
                + "can map each one to the check that proves it");
        }
        else if (body.DoneWhen.Count == 0)
        {
            context.Warning(SpecCodes.EmptyDoneWhen, new SourcePosition(heading, 1), null,
                "the 'Done when' section has no list items; list each outcome as '- ...'");
        }
    }
}
