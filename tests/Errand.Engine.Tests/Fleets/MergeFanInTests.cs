using Errand.Fleets;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Tasks;

namespace Errand.Engine.Tests.Fleets;

/// <summary>A merge fan-in over real git: green slices merged in slice order, a conflicting one reported by file and left out, the integration branch verified.</summary>
public sealed class MergeFanInTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task RunFleet_TwoSlicesConflict_ConflictReportedByFileOthersMergedIntegrationVerified()
    {
        await using var h = await FleetHarness.CreateAsync(postgres: false);
        // Slices c and d both create shared.txt with different content: c, merged first, wins; d conflicts.
        var command = "case {{slice}} in c|d) echo {{slice}} > shared.txt ;; *) echo {{slice}} > {{slice}}.txt ;; esac";
        var template = h.Template("Write {{slice}}", command,
            new FleetSpec { MaxParallel = 2, FanIn = FanInKinds.Merge, Branch = "errand/integration" },
            "sh -c 'ls *.txt > /dev/null'");
        var fleet = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForSlices(template, ["a", "b", "c", "d"]), TestContext.Current.CancellationToken);
        h.StartWorkers(count: 2, concurrency: 2);

        var done = await h.WaitForFleetAsync(fleet.Id, Patience);
        await h.StopWorkersAsync();

        Assert.Equal(new FleetCounts { Succeeded = 4 }, done.Counts);
        var result = ErrandJson.Deserialize<TaskResult>(done.ResultJson!);
        var report = result.Fleet!;
        Assert.Equal(["merged", "merged", "merged", "conflict"], report.Slices.Select(s => s.Merge));
        Assert.Equal(["shared.txt"], report.Slices[3].Conflicts);
        Assert.Equal("errand/integration", report.IntegrationBranch);
        Assert.Contains("#4 d: shared.txt", done.Reason, StringComparison.Ordinal);

        // Not every slice merged, so the fleet fails; the integration branch holds the three that did, and was verified.
        Assert.Equal(FleetState.Failed, done.State);
        var check = Assert.Single(result.Checks);
        Assert.True(check.Passed);
        Assert.Equal("c", h.Repo.Git("show", "errand/integration:shared.txt"));
        Assert.Equal("a", h.Repo.Git("show", "errand/integration:a.txt"));
        Assert.Equal("b", h.Repo.Git("show", "errand/integration:b.txt"));
        var parents = h.Repo.Git("log", "--format=%P", "--first-parent", "errand/integration").Trim().Split('\n');
        // Three merge commits on the base (whose empty parent line the trim drops), each of the chain and a slice's branch.
        Assert.Equal(3, parents.Length);
        Assert.All(parents, p => Assert.Equal(2, p.Split(' ').Length));
        var journal = await h.JournalAsync(done.FanInTaskId!.Value);
        Assert.Contains(journal, e => e.Kind == JournalKinds.Warning && e.Message.Contains("conflicts in shared.txt", StringComparison.Ordinal));
        Assert.Contains(journal, e => e.Kind == JournalKinds.Check);
    }

    [Fact]
    public async Task RunFleet_AllMergeAndIntegrationCheckFails_FleetFailsWithTheCheck()
    {
        await using var h = await FleetHarness.CreateAsync(postgres: false);
        // Each slice alone passes (one file); together they make two, which the check refuses.
        var template = h.Template("Write {{slice}}", "echo {{slice}} > {{slice}}.txt",
            new FleetSpec { MaxParallel = 2, FanIn = FanInKinds.Merge }, "test $(ls *.txt | wc -l) -le 1");
        var fleet = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForSlices(template, ["x", "y"]), TestContext.Current.CancellationToken);
        h.StartWorkers(count: 1, concurrency: 2);

        var done = await h.WaitForFleetAsync(fleet.Id, Patience);

        Assert.Equal(FleetState.Failed, done.State);
        Assert.Contains("verification of the integration branch failed", done.Reason, StringComparison.Ordinal);
        var fanIn = (await h.Store.GetAsync(done.FanInTaskId!.Value, TestContext.Current.CancellationToken))!;
        Assert.Equal(TaskState.Failed, fanIn.State);
        Assert.Equal(["merged", "merged"], ErrandJson.Deserialize<TaskResult>(done.ResultJson!).Fleet!.Slices.Select(s => s.Merge));
    }
}
