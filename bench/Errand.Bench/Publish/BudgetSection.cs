using System.Text;
using static Errand.Bench.Publish.ReportWriter;

namespace Errand.Bench.Publish;

/// <summary>Where the run's time went: each section's wall time, its samples and load, and the 15-minute verdict.</summary>
internal static class BudgetSection
{
    public static void Write(StringBuilder md, PublishRun run)
    {
        var budget = SectionClock.Budget;
        var met = run.Elapsed <= budget;
        md.AppendLine("## Where the time went");
        md.AppendLine();
        md.AppendLine(Invariant($"**{run.Elapsed.TotalMinutes:0.0} min of the {budget.TotalMinutes:0}-minute budget (issue 9: the suite finishes within 15 minutes on 2 cores): {(met ? "met" : "**not met**")}.** Counted from the start of `./bench.sh` (its build included) to the report; each section's wall time as the harness measured it (`Publish/SectionClock.cs`), with the median load average while it ran."));
        var notRun = PublishCommand.SectionNames.Where(name => run.Sections.All(s => s.Name != name)).ToList();
        if (notRun.Count > 0)
        {
            md.AppendLine();
            md.AppendLine($"A partial run (`--skip`/`--only`): {string.Join(", ", notRun)} not run, so the total is not the suite's.");
        }

        if (!met)
        {
            md.AppendLine();
            md.AppendLine("Over budget: on a shared machine every section stretches with the load average; retake on a quiet machine before reading this as the suite's length.");
        }

        md.AppendLine();
        md.AppendLine("| section | wall | share | load (median) | what it measured |");
        md.AppendLine("|---|---:|---:|---:|---|");
        foreach (var section in run.Sections)
        {
            md.AppendLine(Invariant($"| {section.Name} | {Duration(section.Wall)} | {section.Wall / run.Elapsed:0%} | {section.LoadMedian:0.0} | {section.Measured} |"));
        }

        var other = run.Elapsed - run.Sections.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Wall);
        md.AppendLine(Invariant($"| (between sections) | {Duration(other)} | {other / run.Elapsed:0%} | | |"));
        md.AppendLine(Invariant($"| **total** | **{Duration(run.Elapsed)}** | | | budget {budget.TotalMinutes:0} min: {(met ? "met" : "**not met**")} |"));
        md.AppendLine();
    }

    private static string Duration(TimeSpan time) => time.TotalSeconds >= 90
        ? Invariant($"{(int)time.TotalMinutes} min {time.Seconds:00} s")
        : Invariant($"{time.TotalSeconds:0.0} s");
}
