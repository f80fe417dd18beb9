using Errand.Dependencies;
using Errand.Specs;

namespace Errand.Core.Tests.Dependencies;

public sealed class DependencyPlanTests
{
    private static readonly Dictionary<string, long> NoNames = [];
    private static readonly HashSet<long> NoIds = [];

    private static PlanEntry Entry(string file, string front)
    {
        var result = SpecParser.Parse(System.Text.Encoding.UTF8.GetBytes($"---\ntitle: {file}\n{front}\n---\nDo it.\n"), file);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return new PlanEntry(result.Spec!, file, result.Positions);
    }

    [Fact]
    public void Resolve_ChainWithinBatchAndStoredRefs_InBatchIndexesAndIds()
    {
        var entries = new[]
        {
            Entry("a.md", "name: a\nafter: [build, 7]"),
            Entry("b.md", "name: b\nafter: a"),
            Entry("c.md", "after: [b, a]"),
        };

        var plan = DependencyPlan.Resolve(entries, new Dictionary<string, long> { ["build"] = 40 }, new HashSet<long> { 7 });

        Assert.False(plan.HasErrors);
        Assert.Equal([Prerequisite.OnTask(40), Prerequisite.OnTask(7)], plan.After[0]);
        Assert.Equal([Prerequisite.InBatch(0)], plan.After[1]);
        Assert.Equal([Prerequisite.InBatch(1), Prerequisite.InBatch(0)], plan.After[2]);
        var (names, ids) = DependencyPlan.External(entries);
        Assert.Equal(["build"], names);
        Assert.Equal([7L], ids);
    }

    [Fact]
    public void Resolve_ThreeSpecCycle_OneErrorNamingTheCycleWithFilesAndLines()
    {
        var entries = new[] { Entry("a.md", "name: a\nafter: c"), Entry("b.md", "name: b\nafter: a"), Entry("c.md", "name: c\n\nafter: [b]") };

        var plan = DependencyPlan.Resolve(entries, NoNames, NoIds);

        var error = Assert.Single(plan.Diagnostics);
        Assert.Equal((SpecCodes.DependencyCycle, "a.md", 4, "after[0]"), (error.Code, error.File, error.Line, error.Field));
        Assert.Contains("dependency cycle: a → c → b → a", error.Message, StringComparison.Ordinal);
        Assert.Contains("c waits for b (c.md:5)", error.Message, StringComparison.Ordinal);
        Assert.Empty(plan.After);
    }

    [Fact]
    public void Resolve_SelfReference_IsACycle()
    {
        var plan = DependencyPlan.Resolve([Entry("a.md", "name: a\nafter: a")], NoNames, NoIds);

        Assert.Contains("a → a", Assert.Single(plan.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("after: deploy", "after[0]", "no spec submitted with this one and no task in the store is called 'deploy'")]
    [InlineData("after: [4, 99]", "after[1]", "there is no task #99")]
    public void Resolve_UnknownRef_ErrorNamingIt(string front, string field, string message)
    {
        var plan = DependencyPlan.Resolve([Entry("x.md", front)], NoNames, new HashSet<long> { 4 });

        var error = Assert.Single(plan.Diagnostics);
        Assert.Equal((SpecCodes.UnknownPrerequisite, field, 3), (error.Code, error.Field, error.Line));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_WithoutStore_RefsOutsideTheBatchTakenOnTrust()
    {
        var plan = DependencyPlan.Resolve([Entry("x.md", "after: [deploy, 99]")], NoNames, NoIds, checkStored: false);

        Assert.False(plan.HasErrors);
    }

    [Fact]
    public void Resolve_DuplicateNameInBatch_ErrorOnTheSecond()
    {
        var plan = DependencyPlan.Resolve([Entry("a.md", "name: build"), Entry("b.md", "name: build")], NoNames, NoIds);

        var error = Assert.Single(plan.Diagnostics);
        Assert.Equal((SpecCodes.DuplicateTaskName, "b.md", "name"), (error.Code, error.File, error.Field));
        Assert.Contains("also the name of a.md", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12", 12L, null)]
    [InlineData("#12", 12L, null)]
    [InlineData(" build-api ", null, "build-api")]
    [InlineData("v1.2_x", null, "v1.2_x")]
    public void TaskRefParse_IdsAndNames(string text, long? id, string? name)
    {
        Assert.Equal(new TaskRef(id, name), TaskRef.Parse(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("#")]
    [InlineData("0")]
    [InlineData("99999999999999999999")]
    [InlineData("-3")]
    [InlineData("my build")]
    [InlineData("1st")]
    public void TaskRefParse_Neither_Problem(string text)
    {
        Assert.Null(TaskRef.Parse(text, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void FindCycle_LongChain_NoneAndNoStackOverflow()
    {
        var edges = Enumerable.Range(0, 100_000).Select(i => (IReadOnlyList<int>)(i == 0 ? [] : [i - 1])).ToList();

        Assert.Null(BatchGraph.FindCycle(edges));
        edges[0] = [99_999];
        Assert.Equal(100_001, BatchGraph.FindCycle(edges)!.Count);
    }
}
