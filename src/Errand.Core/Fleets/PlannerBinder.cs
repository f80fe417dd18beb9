using Errand.Specs;
using YamlDotNet.RepresentationModel;

namespace Errand.Fleets;

/// <summary>Binds a fleet's <c>planner:</c> section and checks it can run.</summary>
internal static class PlannerBinder
{
    /// <summary>The agents that can propose slices: the builtin through its <c>propose_slices</c> tool, a command by printing them.</summary>
    public static IReadOnlyList<string> Agents { get; } = [AgentNames.Builtin, AgentNames.Command];

    private static readonly IReadOnlyList<string> Fields = ["agent", "model", "command", "instructions", "max_slices", "approve"];

    public static PlannerSpec Bind(YamlNode node, FieldReader reader)
    {
        var planner = new PlannerSpec();
        var entries = reader.Mapping(node, "fleet.planner", Fields,
            "{ instructions: \"one slice per project under src/\", max_slices: 20, approve: true }") ?? [];
        foreach (var (key, value) in entries)
        {
            planner = key switch
            {
                "agent" => planner with { Agent = Agent(value, reader) },
                "model" => planner with { Model = FleetBinder.Model(value, "fleet.planner.model", reader) },
                "command" => planner with { Command = reader.NonEmptyString(value, "fleet.planner.command", "a shell command that prints the slices as a JSON list") },
                "instructions" => planner with { Instructions = reader.NonEmptyString(value, "fleet.planner.instructions", "what to split into slices, and how")?.Trim() ?? "" },
                "max_slices" => planner with { MaxSlices = reader.Number(value, "fleet.planner.max_slices", 1, NewFleet.MaxSlices) ?? planner.MaxSlices },
                "approve" => planner with { Approve = Bool(value, reader) ?? planner.Approve },
                _ => planner,
            };
        }

        if (node is not YamlMappingNode)
        {
            return planner;
        }

        var context = reader.Context;
        var agent = planner.Agent ?? AgentNames.Builtin;
        if (agent == AgentNames.Command && planner.Command is null && !context.HasErrorsUnder("fleet.planner.command"))
        {
            context.Error(SpecCodes.MissingField, context.PositionOf("fleet.planner.agent"),
                "fleet.planner.command", "a command planner needs 'command:', which prints the slices as a JSON list, e.g. [\"src/A\", \"src/B\"]");
        }
        else if (agent != AgentNames.Command && planner.Instructions.Length == 0 && !context.HasErrorsUnder("fleet.planner.instructions"))
        {
            context.Error(SpecCodes.MissingField, node, "fleet.planner.instructions",
                "the planner needs 'instructions:': what to split into slices, e.g. \"one slice per project under src/\"");
        }

        if (agent != AgentNames.Command && context.Positions.ContainsKey("fleet.planner.command") && !context.HasErrorsUnder("fleet.planner.command"))
        {
            context.Error(SpecCodes.FleetConflict, context.PositionOf("fleet.planner.command"), "fleet.planner.command",
                "'command:' is for a command planner: add 'agent: command', or remove it");
        }

        return planner;
    }

    private static string? Agent(YamlNode node, FieldReader reader)
    {
        if (FleetBinder.AgentName(node, "fleet.planner.agent", reader) is not { } agent)
        {
            return null;
        }

        if (Agents.Contains(agent))
        {
            return agent;
        }

        reader.Context.Error(SpecCodes.UnknownAgent, node, "fleet.planner.agent",
            $"a planner's agent is {string.Join(" or ", Agents)} (the builtin proposes with its propose_slices tool, a command prints a JSON list), not '{agent}'");
        return null;
    }

    private static bool? Bool(YamlNode node, FieldReader reader)
    {
        var text = reader.String(node, "fleet.planner.approve", "true or false")?.Trim().ToLowerInvariant();
        switch (text)
        {
            case null:
                return null;
            case "true" or "yes":
                return true;
            case "false" or "no":
                return false;
            default:
                reader.Context.Error(SpecCodes.BadChoice, node, "fleet.planner.approve",
                    $"approve is true (a human approves the slices first) or false, not '{YamlNodes.Shorten(text)}'");
                return null;
        }
    }
}
