using System.Diagnostics;
using Errand.Fleets;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Storage;

namespace Errand.Engine.Tests.Fleets;

/// <summary>
/// A fleet of 1,000 slices, at most 8 at once, run by four in-process workers with sixteen slots between them: every
/// slice runs once, the fan-in runs once, and the cap holds — read from the journal's timestamps, not from the store's
/// own counts.
/// </summary>
public abstract class ThousandSliceFleetTests
{
    private const int Slices = 1000;
    private const int MaxParallel = 8;

    protected abstract bool Postgres { get; }

    [Fact]
    public async Task RunFleet_ThousandSlicesMaxEight_EachOnceOneFanInCapHeld()
    {
        await using var h = await FleetHarness.CreateAsync(Postgres);
        var template = h.Template("Slice {{slice}}", "echo {{slice}} > out.txt", new FleetSpec { MaxParallel = MaxParallel, FanIn = FanInKinds.Report })
            with { Repo = null };
        var values = Enumerable.Range(1, Slices).Select(i => $"s{i:0000}").ToList();
        var started = Stopwatch.GetTimestamp();
        var fleet = await h.Transitions.SubmitFleetAsync(FleetDefinition.ForSlices(template, values), TestContext.Current.CancellationToken);
        h.StartWorkers(count: 4, concurrency: 4);

        var done = await h.WaitForFleetAsync(fleet.Id, TimeSpan.FromMinutes(4));
        var elapsed = Stopwatch.GetElapsedTime(started);
        await h.StopWorkersAsync();

        Assert.Equal(FleetState.Succeeded, done.State);
        Assert.Equal(new FleetCounts { Succeeded = Slices }, done.Counts);
        var slices = await h.Store.ListSlicesAsync(fleet.Id, TestContext.Current.CancellationToken);
        Assert.Equal(values, slices.Select(s => s.Value));
        Assert.Equal(Slices, slices.Select(s => s.TaskId).Distinct().Count());

        // Each slice's task: claimed once, ended succeeded once; its running interval from the journal.
        var intervals = new List<(DateTimeOffset Start, DateTimeOffset End)>(Slices);
        foreach (var slice in slices)
        {
            var journal = await h.JournalAsync(slice.TaskId!.Value);
            var claimed = Assert.Single(journal, e => e.Kind == JournalKinds.Claimed);
            var end = Assert.Single(journal, e => e.Kind == JournalKinds.State && e.Message.StartsWith("running → ", StringComparison.Ordinal));
            Assert.Equal("running → succeeded", end.Message.Split(':')[0]);
            intervals.Add((claimed.At, end.At));
        }

        Assert.InRange(MaxOverlap(intervals), 1, MaxParallel);

        // One fan-in, run once, after the last slice ended; its report covers every slice.
        var fanIn = (await h.Store.GetAsync(done.FanInTaskId!.Value, TestContext.Current.CancellationToken))!;
        var fanInJournal = await h.JournalAsync(fanIn.Id);
        var fanInClaim = Assert.Single(fanInJournal, e => e.Kind == JournalKinds.Claimed);
        Assert.True(fanInClaim.At >= intervals.Max(i => i.End));
        var fanIns = (await h.Store.ListAsync(new TaskQuery { Limit = Slices + 10 }, TestContext.Current.CancellationToken))
            .Where(t => t.Title.EndsWith(": report", StringComparison.Ordinal)).ToList();
        Assert.Equal(fanIn.Id, Assert.Single(fanIns).Id);
        var report = ErrandJson.Deserialize<TaskResult>(done.ResultJson!).Fleet!;
        Assert.Equal((Slices, Slices), (report.Slices.Count, report.Succeeded));
        Assert.Equal($"{Slices} of {Slices} slices succeeded", fanIn.Reason);

        var fanInLatency = fanInJournal.Single(e => e.Kind == JournalKinds.State && e.Message.StartsWith("running → ", StringComparison.Ordinal)).At - intervals.Max(i => i.End);
        TestContext.Current.SendDiagnosticMessage(
            $"{(Postgres ? "PostgreSQL" : "SQLite")}: {Slices} slices in {elapsed.TotalSeconds:0.0} s ({Slices / elapsed.TotalSeconds:0.0} slices/s); " +
            $"last slice end → fan-in end {fanInLatency.TotalMilliseconds:0} ms; peak running {MaxOverlap(intervals)}");
    }

    // The most intervals open at once; at equal times an end comes before a start (the end released the start's slice).
    private static int MaxOverlap(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals)
    {
        var points = intervals.SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) })
            .OrderBy(p => p.At).ThenBy(p => p.Delta);
        int open = 0, peak = 0;
        foreach (var (_, delta) in points)
        {
            open += delta;
            peak = Math.Max(peak, open);
        }

        return peak;
    }
}
