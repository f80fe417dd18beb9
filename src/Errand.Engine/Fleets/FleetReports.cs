using Errand.Budgets;
using Errand.Fleets;
using Errand.Json;
using Errand.Results;
using Errand.Storage;

namespace Errand.Engine.Fleets;

/// <summary>Reads a fleet's slices into its report: each slice's state, summary line, branch, size of change and cost.</summary>
internal static class FleetReports
{
    public static async Task<FleetReport> BuildAsync(IErrandStore store, FleetRecord fleet, IReadOnlyList<FleetSliceRecord> slices, CancellationToken cancellationToken)
    {
        var outcomes = new List<SliceOutcome>(slices.Count);
        foreach (var slice in slices)
        {
            var result = slice.ResultJson is { } json ? ErrandJson.Deserialize<TaskResult>(json) : null;
            var cost = slice.TaskId is { } id
                ? BudgetLedger.Read(await store.ReadAsync(id, 0, int.MaxValue, cancellationToken)).Usage.CostUsd
                : 0m;
            outcomes.Add(new SliceOutcome(slice.Index, slice.Value, slice.State.ToWireName())
            {
                TaskId = slice.TaskId,
                Summary = slice.State switch
                {
                    SliceState.Skipped => "not run: the fleet stopped first",
                    SliceState.Cancelled when slice.TaskId is null => "not run: the fleet was cancelled",
                    _ => result?.Summary ?? slice.Reason,
                },
                CostUsd = cost,
                Branch = result?.Branch,
                LinesChanged = result?.DiffStat is { } diff && result.Branch is not null ? diff.Insertions + diff.Deletions : null,
            });
        }

        return new FleetReport(fleet.Id, fleet.FanInKind)
        {
            Slices = outcomes,
            Succeeded = outcomes.Count(o => o.State == SliceState.Succeeded.ToWireName()),
            Failed = outcomes.Count(o => o.State == SliceState.Failed.ToWireName()),
            Other = outcomes.Count(o => o.State != SliceState.Succeeded.ToWireName() && o.State != SliceState.Failed.ToWireName()),
            CostUsd = outcomes.Sum(o => o.CostUsd),
            Stopped = fleet.Reason,
        };
    }

    /// <summary>"7 of 10 slices succeeded; 2 failed (#3, #8); 1 skipped" and the like.</summary>
    public static string Tally(FleetReport report)
    {
        var total = report.Slices.Count;
        var parts = new List<string> { $"{report.Succeeded} of {total} slice{(total == 1 ? "" : "s")} succeeded" };
        if (report.Failed > 0)
        {
            parts.Add($"{report.Failed} failed ({Numbers(report, SliceState.Failed)})");
        }

        foreach (var other in new[] { SliceState.Partial, SliceState.Cancelled, SliceState.Skipped })
        {
            var n = report.Slices.Count(s => s.State == other.ToWireName());
            if (n > 0)
            {
                parts.Add($"{n} {other.ToWireName()}");
            }
        }

        if (report.Stopped is { } stopped)
        {
            parts.Add(stopped);
        }

        return string.Join("; ", parts);
    }

    private static string Numbers(FleetReport report, SliceState state)
    {
        var numbers = report.Slices.Where(s => s.State == state.ToWireName()).Select(s => "#" + (s.Index + 1)).ToList();
        return numbers.Count <= 10 ? string.Join(", ", numbers) : string.Join(", ", numbers.Take(10)) + $", … {numbers.Count - 10} more";
    }
}
