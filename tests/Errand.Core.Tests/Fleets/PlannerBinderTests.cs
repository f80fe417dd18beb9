using Errand.Fleets;
using Errand.Specs;

namespace Errand.Core.Tests.Fleets;

public sealed class PlannerBinderTests
{
    private const string Head = "---\ntitle: Migrate {{slice}}\nagent: command\ncommand: true\n";

    // Each row: the front matter after the head, the code expected, its line and its field.
    public static TheoryData<string, string, int, string> Bad => new()
    {
        { "fleet:\n  planner: { max_slices: 5 }\n", SpecCodes.MissingField, 6, "fleet.planner.instructions" },
        { "fleet:\n  planner:\n    instructions: one per project\n    max_slices: 0\n", SpecCodes.BadNumber, 8, "fleet.planner.max_slices" },
        { "fleet:\n  planner:\n    instructions: one per project\n    approve: maybe\n", SpecCodes.BadChoice, 8, "fleet.planner.approve" },
        { "fleet:\n  planner:\n    instructions: x\n    agent: codex\n", SpecCodes.UnknownAgent, 8, "fleet.planner.agent" },
        { "fleet:\n  planner:\n    instructions: x\n    agent: buildin\n", SpecCodes.UnknownAgent, 8, "fleet.planner.agent" },
        { "fleet:\n  planner:\n    instructions: x\n    model: gpt5\n", SpecCodes.BadModel, 8, "fleet.planner.model" },
        { "fleet:\n  planner:\n    agent: command\n", SpecCodes.MissingField, 7, "fleet.planner.command" },
        { "fleet:\n  planner:\n    instructions: x\n    command: ls\n", SpecCodes.FleetConflict, 8, "fleet.planner.command" },
        { "fleet:\n  planner:\n    instructions: x\n    max_slice: 3\n", SpecCodes.UnknownField, 8, "fleet.planner.max_slice" },
        { "fleet:\n  slices: [a]\n  planner: { instructions: x }\n", SpecCodes.NoSlices, 7, "fleet.planner" },
        { "fleet:\n  planner: one per project\n", SpecCodes.WrongType, 6, "fleet.planner" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Parse_BadPlanner_ErrorNamesLineAndField(string fields, string code, int line, string field)
    {
        var result = SpecParser.Parse(Head + fields + "---\nDo it for {{slice}}.\n", "fleet.md");

        Assert.Null(result.Spec);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal((code, line, field), (error.Code, error.Line, error.Field));
    }

    [Fact]
    public void Parse_PlannerWithEveryField_BoundAndRenderedAsTheFleetsPlannerTask()
    {
        var result = SpecParser.Parse(Head + """
            fleet:
              title: Migrate the projects
              planner:
                agent: builtin
                model: openai/gpt-5-mini
                instructions: One slice per project under src/.
                max_slices: 12
                approve: false
              fan_in: merge
            ---
            Migrate {{slice}}.
            """, "fleet.md");

        var spec = Assert.IsType<TaskSpec>(result.Spec);
        Assert.Equal(new PlannerSpec
        {
            Agent = AgentNames.Builtin,
            Model = "openai/gpt-5-mini",
            Instructions = "One slice per project under src/.",
            MaxSlices = 12,
            Approve = false,
        }, spec.Fleet!.Planner);

        var fleet = FleetDefinition.ForPlanner(spec);
        Assert.Empty(fleet.Slices);
        var planner = TaskSpecJson.Deserialize(fleet.Planner!.SpecJson);
        Assert.Equal(("Migrate the projects: plan the slices", AgentNames.Builtin, "openai/gpt-5-mini"), (planner.Title, planner.Agent, planner.Model));
        Assert.Equal((FleetRoles.Planner, 12), (planner.FleetRun!.Role, planner.FleetRun.Planner!.MaxSlices));
        Assert.Contains("One slice per project under src/.", planner.Instruction, StringComparison.Ordinal);
        Assert.Contains("Migrate {{slice}}.", planner.Instruction, StringComparison.Ordinal);
        Assert.Empty(planner.Verify.Checks);
        Assert.Null(planner.Fleet);
    }

    [Fact]
    public void Parse_PlannerDefaults_BuiltinAskingAHumanForAtMostTwenty()
    {
        var result = SpecParser.Parse(Head + "fleet:\n  planner: { instructions: one per project }\n---\nDo {{slice}}.\n", "fleet.md");

        var planner = result.Spec!.Fleet!.Planner!;
        Assert.Equal((null, true, PlannerSpec.DefaultMaxSlices), (planner.Agent, planner.Approve, planner.MaxSlices));
        Assert.Equal(AgentNames.Builtin, TaskSpecJson.Deserialize(FleetDefinition.ForPlanner(result.Spec).Planner!.SpecJson).Agent);
    }
}
