using Errand.Fleets;
using Errand.Specs;

namespace Errand.Core.Tests.Fleets;

public sealed class FleetBinderTests
{
    private const string Head = "---\ntitle: Migrate {{slice}}\nagent: command\ncommand: true\n";

    // Each row: the front matter after the head, the code expected, its line and its field.
    public static TheoryData<string, string, int, string> Bad => new()
    {
        { "fleet:\n  slices: [a]\n  fan_in: merj\n", SpecCodes.BadChoice, 7, "fleet.fan_in" },
        { "fleet:\n  slices: [a]\n  glob: \"src/*\"\n", SpecCodes.NoSlices, 7, "fleet.glob" },
        { "fleet:\n  max_parallel: 2\n", SpecCodes.NoSlices, 6, "fleet" },
        { "fleet:\n  slices: []\n", SpecCodes.NoSlices, 6, "fleet.slices" },
        { "fleet:\n  slices: [a]\n  max_parallel: 0\n", SpecCodes.BadNumber, 7, "fleet.max_parallel" },
        { "fleet:\n  slices: [a]\n  on_failure: stop\n", SpecCodes.BadChoice, 7, "fleet.on_failure" },
        { "fleet:\n  slices: [a]\n  on_failure: { stop_after: 0 }\n", SpecCodes.BadNumber, 7, "fleet.on_failure.stop_after" },
        { "fleet:\n  slices: [a]\n  paralel: 2\n", SpecCodes.UnknownField, 7, "fleet.paralel" },
        { "fleet:\n  slices: [a]\n  glob_: x\n", SpecCodes.UnknownField, 7, "fleet.glob_" },
        { "fleet:\n  glob: /etc/*\n", SpecCodes.BadGlob, 6, "fleet.glob" },
        { "fleet:\n  slices: [a]\n  branch: \"bad..branch\"\n", SpecCodes.BadBranch, 7, "fleet.branch" },
        { "fleet:\n  slices: [a]\nattempts: 3\n", SpecCodes.FleetConflict, 7, "attempts" },
        { "agents: [builtin]\n", SpecCodes.FleetConflict, 5, "agents" },
        { "attempts: 3\npick: biggest\n", SpecCodes.BadChoice, 6, "pick" },
        { "attempts: 11\n", SpecCodes.BadNumber, 5, "attempts" },
        { "attempts: 2\nagents: [builtn]\n", SpecCodes.UnknownAgent, 6, "agents[0]" },
        { "attempts: 2\nagents:\n  - { model: openai/gpt-5 }\n", SpecCodes.MissingField, 7, "agents[0].agent" },
        { "attempts: 2\nagents:\n  - { agent: builtin, model: gpt5 }\n", SpecCodes.BadModel, 7, "agents[0].model" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Parse_BadFleetOrBestOf_ErrorNamesLineAndField(string fields, string code, int line, string field)
    {
        var result = SpecParser.Parse(Head + fields + "---\nDo it for {{slice}}.\n", "fleet.md");

        Assert.Null(result.Spec);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal((code, line, field), (error.Code, error.Line, error.Field));
    }

    [Fact]
    public void Parse_FleetWithEveryField_Bound()
    {
        var result = SpecParser.Parse(Head + """
            fleet:
              title: Migrate the projects
              glob: "src/*/*.csproj"
              exclude: [src/Legacy/*]
              max_parallel: 8
              on_failure: { stop_after: 3 }
              fan_in: merge
              branch: errand/migration
            ---
            Migrate {{slice}}.
            """, "fleet.md");

        var fleet = Assert.IsType<FleetSpec>(result.Spec?.Fleet);
        Assert.Equal(
            new FleetSpec
            {
                Title = "Migrate the projects", Glob = "src/*/*.csproj", Exclude = fleet.Exclude, MaxParallel = 8, StopAfter = 3,
                FanIn = FanInKinds.Merge, Branch = "errand/migration",
            },
            fleet);
        Assert.Equal(["src/Legacy/*"], fleet.Exclude);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Parse_FleetDefaults_ReportContinueFourAtOnce()
    {
        var fleet = SpecParser.Parse(Head + "fleet:\n  slices: [a, b]\n  on_failure: continue\n---\nx {{slice}}\n", "f.md").Spec!.Fleet!;

        Assert.Equal((FanInKinds.Report, (int?)null, 4), (fleet.FanIn, fleet.StopAfter, fleet.MaxParallel));
        Assert.Equal(["a", "b"], fleet.Slices);
    }

    [Fact]
    public void Parse_FleetTitleWithoutPlaceholder_Warns()
    {
        var result = SpecParser.Parse("---\ntitle: Migrate\nagent: command\ncommand: true\nfleet:\n  slices: [a]\n---\nx\n", "f.md");

        Assert.NotNull(result.Spec);
        Assert.Contains(result.Diagnostics, d => d.Code == SpecCodes.NoSlicePlaceholder && d.Line == 2);
    }

    [Fact]
    public void Parse_BestOf_AgentsAndJudgeBound()
    {
        var spec = SpecParser.Parse(Head + """
            attempts: 3
            agents:
              - builtin
              - { agent: command, command: "echo b" }
            pick: { judge: { model: openai/gpt-5 } }
            ---
            Do it.
            """, "best.md").Spec!;

        Assert.Equal(3, spec.Attempts);
        Assert.Equal([new AgentChoice("builtin"), new AgentChoice("command") { Command = "echo b" }], spec.Agents);
        Assert.Equal(new PickSpec { Rule = PickRules.Judge, Model = "openai/gpt-5" }, spec.Pick);
        Assert.True(FleetDefinition.IsGroup(spec));
    }
}
