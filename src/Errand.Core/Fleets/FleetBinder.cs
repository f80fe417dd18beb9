using Errand.Specs;
using YamlDotNet.RepresentationModel;

namespace Errand.Fleets;

/// <summary>Binds <c>fleet:</c>, <c>attempts:</c>, <c>agents:</c> and <c>pick:</c>, and checks they go together.</summary>
internal static class FleetBinder
{
    /// <summary>The most attempts of a best-of-N task.</summary>
    public const int MaxAttempts = 10;

    /// <summary>The largest <c>max_parallel</c>.</summary>
    public const int MaxParallelLimit = 1000;

    private static readonly IReadOnlyList<string> Fields =
        ["title", "slices", "glob", "planner", "exclude", "template", "max_parallel", "on_failure", "fan_in", "branch"];

    private static readonly IReadOnlyList<string> AgentFields = ["agent", "model", "command"];
    private static readonly IReadOnlyList<string> OnFailureFields = ["stop_after"];
    private static readonly IReadOnlyList<string> JudgeFields = ["judge"];
    private static readonly IReadOnlyList<string> JudgeOptions = ["model"];

    public static FleetSpec Bind(YamlNode node, FieldReader reader)
    {
        var fleet = new FleetSpec();
        var entries = reader.Mapping(node, "fleet", Fields, "{ slices: [a, b], max_parallel: 8, fan_in: merge }") ?? [];
        foreach (var (key, value) in entries)
        {
            fleet = key switch
            {
                "title" => fleet with { Title = reader.NonEmptyString(value, "fleet.title", "the fleet's title")?.Trim() },
                "slices" => fleet with { Slices = ListFields.Plain(value, "fleet.slices", "a slice value", reader) },
                "glob" => fleet with { Glob = Glob(value, "fleet.glob", reader) },
                "planner" => fleet with { Planner = PlannerBinder.Bind(value, reader) },
                "exclude" => fleet with { Exclude = ListFields.Plain(value, "fleet.exclude", "a glob of paths", reader) },
                "template" => fleet with { Template = reader.NonEmptyString(value, "fleet.template", "a task file path") },
                "max_parallel" => fleet with { MaxParallel = reader.Number(value, "fleet.max_parallel", 1, MaxParallelLimit) ?? fleet.MaxParallel },
                "on_failure" => fleet with { StopAfter = StopAfter(value, reader) },
                "fan_in" => fleet with { FanIn = FanIn(value, reader) ?? fleet.FanIn },
                "branch" => fleet with { Branch = Branch(value, reader) },
                _ => fleet,
            };
        }

        var context = reader.Context;
        string[] sources = ["fleet.slices", "fleet.glob", "fleet.planner"];
        var given = sources.Where(context.Positions.ContainsKey).ToList();
        if (node is YamlMappingNode && !sources.Any(context.HasErrorsUnder))
        {
            if (given.Count > 1)
            {
                context.Error(SpecCodes.NoSlices, context.PositionOf(given[1]), given[1],
                    "give the slices one way: as a list (slices:), as a glob (glob:), or from a planner (planner:), not several");
            }
            else if (given.Count == 0)
            {
                context.Error(SpecCodes.NoSlices, node, "fleet",
                    "a fleet needs slices: 'slices: [a, b, c]', 'glob: \"src/*/*.csproj\"' or 'planner: { instructions: ... }'");
            }
            else if (given[0] == "fleet.slices" && fleet.Slices.Count == 0)
            {
                context.Error(SpecCodes.NoSlices, context.PositionOf("fleet.slices"), "fleet.slices", "the slice list is empty");
            }
        }

        return fleet;
    }

    public static IReadOnlyList<AgentChoice> Agents(YamlNode node, FieldReader reader)
    {
        if (node is not YamlSequenceNode sequence)
        {
            reader.ReportShape(node, "agents", "a list of agents, e.g. [builtin, { agent: codex, model: openai/gpt-5 }]");
            return [];
        }

        var choices = new List<AgentChoice>();
        var index = 0;
        foreach (var item in sequence.Children)
        {
            var path = $"agents[{index++}]";
            reader.Context.Record(path, item.Start);
            if (item is YamlScalarNode)
            {
                if (AgentName(item, path, reader) is { } name)
                {
                    choices.Add(new AgentChoice(name));
                }

                continue;
            }

            AgentChoice? choice = null;
            var model = (string?)null;
            var command = (string?)null;
            foreach (var (key, value) in reader.Mapping(item, path, AgentFields, "{ agent: builtin, model: openai/gpt-5-mini }") ?? [])
            {
                switch (key)
                {
                    case "agent":
                        choice = AgentName(value, $"{path}.agent", reader) is { } name ? new AgentChoice(name) : null;
                        break;
                    case "model":
                        model = Model(value, $"{path}.model", reader);
                        break;
                    default:
                        command = reader.NonEmptyString(value, $"{path}.command", "a shell command");
                        break;
                }
            }

            if (choice is null && !reader.Context.HasErrorsUnder($"{path}.agent") && item is YamlMappingNode)
            {
                reader.Context.Error(SpecCodes.MissingField, item, $"{path}.agent", $"{path} needs an agent: add 'agent: <name>'");
            }
            else if (choice is not null)
            {
                choices.Add(choice with { Model = model, Command = command });
            }
        }

        return choices;
    }

    public static PickSpec? Pick(YamlNode node, FieldReader reader)
    {
        if (node is YamlMappingNode)
        {
            var pick = new PickSpec { Rule = PickRules.Judge };
            foreach (var (_, value) in reader.Mapping(node, "pick", JudgeFields, "{ judge: { model: openai/gpt-5 } }") ?? [])
            {
                foreach (var (_, model) in reader.Mapping(value, "pick.judge", JudgeOptions, "{ model: openai/gpt-5 }") ?? [])
                {
                    pick = pick with { Model = Model(model, "pick.judge.model", reader) };
                }
            }

            return pick;
        }

        return Choice(node, "pick", PickRules.All, reader) is { } rule ? new PickSpec { Rule = rule } : null;
    }

    /// <summary>The checks across fields: a fleet is not also best-of-N; agents and pick need attempts.</summary>
    public static void Check(TaskSpec spec, SpecContext context)
    {
        if (spec.Fleet is not null && spec.Attempts is not null)
        {
            context.Error(SpecCodes.FleetConflict, context.PositionOf("attempts"), "attempts",
                "a fleet runs each slice once: use 'attempts:' on a single task, not with 'fleet:'");
        }

        foreach (var field in new[] { "agents", "pick" })
        {
            if (context.Positions.ContainsKey(field) && spec.Attempts is not > 1 && !context.HasErrorsUnder("attempts"))
            {
                context.Error(SpecCodes.FleetConflict, context.PositionOf(field), field,
                    $"'{field}' is for best-of-N tasks: add 'attempts: N' (2 or more), or remove '{field}'");
            }
        }

        if (spec.Fleet is { Template: null } && spec.Title.Length > 0 && !spec.Title.Contains(FleetTemplate.SlicePlaceholder, StringComparison.Ordinal))
        {
            context.Warning(SpecCodes.NoSlicePlaceholder, context.PositionOf("title"), "title",
                $"the title has no {FleetTemplate.SlicePlaceholder}: every slice's task gets the same title; put {FleetTemplate.SlicePlaceholder} where the slice goes");
        }
    }

    private static string? Glob(YamlNode node, string path, FieldReader reader)
    {
        if (reader.NonEmptyString(node, path, "a glob such as src/*/*.csproj") is not { } glob)
        {
            return null;
        }

        if (ProtectGlob.Problem(glob) is { } problem)
        {
            reader.Context.Error(SpecCodes.BadGlob, node, path, $"glob '{YamlNodes.Shorten(glob)}' {problem}");
            return null;
        }

        return glob;
    }

    private static int? StopAfter(YamlNode node, FieldReader reader)
    {
        if (node is YamlScalarNode && reader.String(node, "fleet.on_failure") is { } text && text.Trim() == "continue")
        {
            return null;
        }

        if (node is YamlScalarNode)
        {
            reader.Context.Error(SpecCodes.BadChoice, node, "fleet.on_failure",
                "on_failure is 'continue' or '{ stop_after: N }' (at the Nth failed slice: skip the pending slices, cancel the running ones)");
            return null;
        }

        int? stopAfter = null;
        foreach (var (_, value) in reader.Mapping(node, "fleet.on_failure", OnFailureFields, "{ stop_after: 3 }") ?? [])
        {
            stopAfter = reader.Number(value, "fleet.on_failure.stop_after", 1, NewFleet.MaxSlices);
        }

        return stopAfter;
    }

    private static string? FanIn(YamlNode node, FieldReader reader) => Choice(node, "fleet.fan_in", FanInKinds.Spec, reader);

    private static string? Branch(YamlNode node, FieldReader reader)
    {
        if (reader.NonEmptyString(node, "fleet.branch", "a branch name such as errand/integration") is not { } branch)
        {
            return null;
        }

        if (GitRefName.Problem(branch, branch: true) is { } problem)
        {
            reader.Context.Error(SpecCodes.BadBranch, node, "fleet.branch", $"branch '{YamlNodes.Shorten(branch)}' {problem}");
            return null;
        }

        return branch;
    }

    internal static string? AgentName(YamlNode node, string path, FieldReader reader)
    {
        if (reader.NonEmptyString(node, path, "an agent name") is not { } agent)
        {
            return null;
        }

        if (AgentNames.All.Contains(agent))
        {
            return agent;
        }

        reader.Context.Error(SpecCodes.UnknownAgent, node, path,
            $"unknown agent '{YamlNodes.Shorten(agent)}'{DidYouMean.Hint(agent, AgentNames.All)} (agents: {string.Join(", ", AgentNames.All)})");
        return null;
    }

    internal static string? Model(YamlNode node, string path, FieldReader reader)
    {
        if (reader.NonEmptyString(node, path, "provider/model") is not { } model)
        {
            return null;
        }

        if (ModelName.IsValid(model))
        {
            return model;
        }

        reader.Context.Error(SpecCodes.BadModel, node, path, $"model '{YamlNodes.Shorten(model)}' must be {ModelName.Expected}");
        return null;
    }

    private static string? Choice(YamlNode node, string path, IReadOnlyList<string> values, FieldReader reader)
    {
        if (reader.NonEmptyString(node, path, string.Join(" or ", values)) is not { } text)
        {
            return null;
        }

        var value = text.Trim();
        if (values.Contains(value))
        {
            return value;
        }

        reader.Context.Error(SpecCodes.BadChoice, node, path,
            $"{path} '{YamlNodes.Shorten(value)}' is not one of: {string.Join(", ", values)}{DidYouMean.Hint(value, values)}");
        return null;
    }
}
