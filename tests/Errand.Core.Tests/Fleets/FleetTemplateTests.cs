using Errand.Fleets;
using Errand.Specs;

namespace Errand.Core.Tests.Fleets;

public sealed class FleetTemplateTests
{
    private static readonly TaskSpec Template = new()
    {
        Title = "Migrate {{slice}}",
        Agent = AgentNames.Command,
        Command = "migrate {{slice}} --n {{index}}",
        Instruction = "Move {{slice}} to API B.",
        Verify = new VerifySpec { Checks = [new CheckSpec("build {{slice}}", "dotnet build {{slice}}")] },
        Notify = ["team"],
        Fleet = new FleetSpec { Slices = ["a", "b"], FanIn = FanInKinds.Merge, Branch = "errand/all" },
    };

    [Fact]
    public void Slice_Template_PlaceholdersFilledNoNotifyOriginSet()
    {
        var slice = FleetTemplate.Slice(Template, "Migrate …", FanInKinds.Merge, 1, "src/B");

        Assert.Equal("Migrate src/B", slice.Title);
        Assert.Equal("migrate src/B --n 2", slice.Command);
        Assert.Equal("Move src/B to API B.", slice.Instruction);
        Assert.Equal("dotnet build src/B", slice.Verify.Checks[0].Run);
        Assert.Empty(slice.Notify);
        Assert.Null(slice.Fleet);
        Assert.Equal(new FleetOrigin("Migrate …", FleetRoles.Slice, FanInKinds.Merge) { Slice = 1, Value = "src/B" }, slice.FleetRun);
    }

    [Fact]
    public void FanIn_Merge_KeepsChecksAndChannelsTakesTheIntegrationBranch()
    {
        var fanIn = FleetTemplate.FanIn(Template, "Migrate …", FanInKinds.Merge);

        Assert.Equal("Migrate …: merge", fanIn.Title);
        Assert.Equal("dotnet build ", fanIn.Verify.Checks[0].Run);
        Assert.Equal(["team"], fanIn.Notify);
        Assert.Equal("errand/all", fanIn.Deliver.Branch);
        Assert.Equal((FleetRoles.FanIn, "errand/all"), (fanIn.FleetRun!.Role, fanIn.FleetRun.Branch));
    }

    [Fact]
    public void ForSlices_ThreeSlices_OneTaskEachAndTheFanIn()
    {
        var fleet = FleetDefinition.ForSlices(Template with { Fleet = Template.Fleet! with { MaxParallel = 2, StopAfter = 1 } }, ["a", "b", "c"]);

        Assert.Equal(("Migrate …", FleetKinds.Fleet, FanInKinds.Merge, 2, (int?)1), (fleet.Title, fleet.Kind, fleet.FanInKind, fleet.MaxParallel, fleet.StopAfter));
        Assert.Equal(["Migrate a", "Migrate b", "Migrate c"], fleet.Slices.Select(s => s.Task.Title));
        Assert.Equal("Migrate …: merge", fleet.FanIn.Title);
        fleet.Validate();
    }

    [Fact]
    public void ForAttempts_AgentsCycled_EachAttemptItsOwnAgentAndBranch()
    {
        var spec = new TaskSpec
        {
            Title = "Fix it",
            Agent = AgentNames.Builtin,
            Model = "openai/gpt-5-mini",
            Attempts = 3,
            Deliver = new DeliverSpec { Branch = "errand/fix" },
            Agents = [new AgentChoice(AgentNames.Builtin), new AgentChoice(AgentNames.Command) { Command = "echo b" }],
        };

        var group = FleetDefinition.ForAttempts(spec);

        Assert.Equal((FleetKinds.BestOf, FanInKinds.Pick, 3), (group.Kind, group.FanInKind, group.MaxParallel));
        var attempts = group.Slices.Select(s => TaskSpecJson.Deserialize(s.Task.SpecJson)).ToList();
        Assert.Equal([AgentNames.Builtin, AgentNames.Command, AgentNames.Builtin], attempts.Select(a => a.Agent));
        Assert.Equal(["openai/gpt-5-mini", null, "openai/gpt-5-mini"], attempts.Select(a => a.Model));
        Assert.Equal("echo b", attempts[1].Command);
        Assert.Equal(["errand/fix-attempt-1", "errand/fix-attempt-2", "errand/fix-attempt-3"], attempts.Select(a => a.Deliver.Branch));
        Assert.Equal("Fix it (attempt 2/3)", attempts[1].Title);
        Assert.Equal(PickRules.SmallestDiff, TaskSpecJson.Deserialize(group.FanIn.SpecJson).FleetRun!.Pick!.Rule);
    }
}
