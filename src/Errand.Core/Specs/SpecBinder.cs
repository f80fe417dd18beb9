using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>Binds the front matter's root mapping into a <see cref="TaskSpec"/>, field by field, reporting every problem.</summary>
internal static class SpecBinder
{
    /// <summary>The fields a spec may have, in the order the docs list them.</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "title", "repo", "base", "agent", "model", "command", "setup", "verify", "protect", "budget", "sandbox",
        "secrets", "approvals", "clarify", "plan", "questions", "notify", "deliver", "name", "after",
        "on_prerequisite_failure", "fleet", "attempts", "agents", "pick",
    ];

    public const int MaxTitleLength = 200;

    public static TaskSpec Bind(YamlMappingNode root, FieldReader reader)
    {
        var context = reader.Context;
        var spec = new TaskSpec();
        var entries = reader.Mapping(root, "", Fields, "title: Fix the flaky test") ?? [];
        YamlNode? commandNode = null;
        foreach (var (key, value) in entries)
        {
            commandNode = key == "command" ? value : commandNode;
            spec = key switch
            {
                "title" => spec with { Title = Title(value, reader) ?? "" },
                "repo" => spec with { Repo = Repo(value, reader) },
                "base" => spec with { Base = Base(value, reader) },
                "agent" => spec with { Agent = Agent(value, reader) ?? AgentNames.Builtin },
                "model" => spec with { Model = Model(value, reader) },
                "command" => spec with { Command = reader.NonEmptyString(value, "command", "a shell command") },
                "setup" => spec with { Setup = ListFields.Plain(value, "setup", "a shell command", reader) },
                "verify" => spec with { Verify = VerifyBinder.Bind(value, reader) },
                "protect" => spec with { Protect = ListFields.Protect(value, reader) },
                "budget" => spec with { Budget = BudgetBinder.Bind(value, reader) },
                "sandbox" => spec with { Sandbox = SandboxBinder.Bind(value, reader) },
                "secrets" => spec with { Secrets = ListFields.Secrets(value, reader) },
                "approvals" => spec with { Approvals = ListFields.Approvals(value, reader) },
                "clarify" => spec with { Clarify = HumanLoopBinder.Clarify(value, reader) ?? false },
                "plan" => spec with { Plan = HumanLoopBinder.Plan(value, reader) ?? PlanModes.None },
                "questions" => spec with { Questions = HumanLoopBinder.Questions(value, reader) },
                "notify" => spec with { Notify = ListFields.Notify(value, reader) },
                "deliver" => spec with { Deliver = DeliverBinder.Bind(value, reader) },
                "name" => spec with { Name = DependencyBinder.Name(value, reader) },
                "after" => spec with { After = DependencyBinder.After(value, reader) },
                "on_prerequisite_failure" => spec with { OnPrerequisiteFailure = DependencyBinder.Policy(value, reader) },
                "fleet" => spec with { Fleet = Fleets.FleetBinder.Bind(value, reader) },
                "attempts" => spec with { Attempts = reader.Number(value, "attempts", 1, Fleets.FleetBinder.MaxAttempts) },
                "agents" => spec with { Agents = Fleets.FleetBinder.Agents(value, reader) },
                "pick" => spec with { Pick = Fleets.FleetBinder.Pick(value, reader) },
                _ => spec,
            };
        }

        if (!context.Positions.ContainsKey("title"))
        {
            context.Error(SpecCodes.MissingField, new SourcePosition(1, 1), "title",
                "title is required: add 'title: <a short summary of the task>' to the front matter");
        }

        if (spec.Agent is AgentNames.Command or AgentNames.CommandTemplate && spec.Command is null && !context.HasErrorsUnder("command")
            && !context.HasErrorsUnder("agent"))
        {
            context.Error(SpecCodes.MissingField, context.PositionOf("agent"), "command",
                $"agent '{spec.Agent}' runs a shell line and needs one: add 'command: <the line to run>'");
        }

        if (spec.Agent == AgentNames.CommandTemplate && spec.Command is not null && commandNode is not null)
        {
            CommandTemplateBinder.Check(commandNode, spec.Command, context);
        }

        Fleets.FleetBinder.Check(spec, context);
        return spec;
    }

    private static string? Title(YamlNode node, FieldReader reader)
    {
        if (reader.NonEmptyString(node, "title", "a short summary of the task") is not { } title)
        {
            return null;
        }

        title = title.Trim();
        if (title.Length > MaxTitleLength)
        {
            reader.Context.Error(SpecCodes.BadTitle, node, "title",
                $"title is {title.Length} characters; the limit is {MaxTitleLength}. Keep the title short and put details in the body");
            return null;
        }

        if (title.Any(char.IsControl))
        {
            reader.Context.Error(SpecCodes.BadTitle, node, "title",
                "title must be one line of text, without line breaks or control characters");
            return null;
        }

        return title;
    }

    private static string? Repo(YamlNode node, FieldReader reader)
    {
        if (reader.NonEmptyString(node, "repo", "a local path or a git URL") is not { } repo)
        {
            return null;
        }

        if (RepoLocation.Problem(repo) is { } problem)
        {
            reader.Context.Error(SpecCodes.BadRepo, node, "repo", $"repo '{YamlNodes.Shorten(repo)}' {problem}");
            return null;
        }

        return repo;
    }

    private static string? Base(YamlNode node, FieldReader reader)
    {
        if (reader.NonEmptyString(node, "base", "a branch, tag or commit") is not { } name)
        {
            return null;
        }

        if (GitRefName.Problem(name, branch: false) is { } problem)
        {
            reader.Context.Error(SpecCodes.BadBase, node, "base",
                $"base '{YamlNodes.Shorten(name)}' {problem}; give a branch, tag or commit name such as main, v1.2 or 3f2a9c1");
            return null;
        }

        return name;
    }

    private static string? Agent(YamlNode node, FieldReader reader)
    {
        if (reader.NonEmptyString(node, "agent", "an agent name") is not { } agent)
        {
            return null;
        }

        if (!AgentNames.All.Contains(agent))
        {
            reader.Context.Error(SpecCodes.UnknownAgent, node, "agent",
                $"unknown agent '{YamlNodes.Shorten(agent)}'{DidYouMean.Hint(agent, AgentNames.All)} "
                + $"(agents: {string.Join(", ", AgentNames.All)})");
            return null;
        }

        return agent;
    }

    private static string? Model(YamlNode node, FieldReader reader)
    {
        if (reader.NonEmptyString(node, "model", "provider/model") is not { } model)
        {
            return null;
        }

        if (!ModelName.IsValid(model))
        {
            reader.Context.Error(SpecCodes.BadModel, node, "model", $"model '{YamlNodes.Shorten(model)}' must be {ModelName.Expected}");
            return null;
        }

        return model;
    }
}
