using System.Globalization;
using Errand.Engine.Tests.Support;
using Errand.Scheduling;
using Errand.Specs;

namespace Errand.Engine.Tests.Scheduling;

/// <summary>
/// The scheduler on a fake clock over a real store, table-driven: which ticks fire (in UTC) for calendars, DST changes in
/// two zones, clock steps and downtime. Steps: <c>run:INSTANT</c> (the scheduler runs until then), <c>down:DURATION</c>
/// (no scheduler runs), <c>jump:±DURATION</c> (the wall clock is set). Expected rows: <c>TICK OUTCOME [missed=N]</c>.
/// </summary>
public sealed class SchedulerClockTests
{
    public static readonly TheoryData<string, string, string, string, string, string[], string[]> Scenarios = new()
    {
        {
            "every minute", "* * * * *", "UTC", "15m", "2026-01-05T10:00:30Z",
            ["run:2026-01-05T10:05:30Z"],
            ["2026-01-05T10:01:00Z fired", "2026-01-05T10:02:00Z fired", "2026-01-05T10:03:00Z fired", "2026-01-05T10:04:00Z fired", "2026-01-05T10:05:00Z fired"]
        },
        {
            "weekdays at 09:00 in Berlin, Friday to Tuesday", "0 9 * * MON-FRI", "Europe/Berlin", "15m", "2026-01-09T00:00:00Z",
            ["run:2026-01-13T12:00:00Z"],
            ["2026-01-09T08:00:00Z fired", "2026-01-12T08:00:00Z fired", "2026-01-13T08:00:00Z fired"]
        },
        {
            "last day of the month", "0 12 L * *", "UTC", "15m", "2026-01-15T00:00:00Z",
            ["run:2026-04-15T00:00:00Z"],
            ["2026-01-31T12:00:00Z fired", "2026-02-28T12:00:00Z fired", "2026-03-31T12:00:00Z fired"]
        },
        {
            "Berlin spring-forward: 02:30 does not exist, fires at 03:00 CEST", "30 2 * * *", "Europe/Berlin", "15m", "2026-03-28T00:00:00Z",
            ["run:2026-03-30T12:00:00Z"],
            ["2026-03-28T01:30:00Z fired", "2026-03-29T01:00:00Z fired", "2026-03-30T00:30:00Z fired"]
        },
        {
            "Berlin fall-back: 02:30 happens twice, fires once", "30 2 * * *", "Europe/Berlin", "15m", "2026-10-24T00:00:00Z",
            ["run:2026-10-26T12:00:00Z"],
            ["2026-10-24T00:30:00Z fired", "2026-10-25T00:30:00Z fired", "2026-10-26T01:30:00Z fired"]
        },
        {
            "Berlin fall-back: every 30 minutes ticks through both 02:xx hours", "*/30 2 * * *", "Europe/Berlin", "15m", "2026-10-24T23:50:00Z",
            ["run:2026-10-25T02:00:00Z"],
            ["2026-10-25T00:00:00Z fired", "2026-10-25T00:30:00Z fired", "2026-10-25T01:00:00Z fired", "2026-10-25T01:30:00Z fired"]
        },
        {
            "New York spring-forward: 02:30 does not exist, fires at 03:00 EDT", "30 2 * * *", "America/New_York", "15m", "2026-03-07T00:00:00Z",
            ["run:2026-03-09T12:00:00Z"],
            ["2026-03-07T07:30:00Z fired", "2026-03-08T07:00:00Z fired", "2026-03-09T06:30:00Z fired"]
        },
        {
            "New York fall-back: 01:30 happens twice, fires once", "30 1 * * *", "America/New_York", "15m", "2026-10-31T00:00:00Z",
            ["run:2026-11-02T12:00:00Z"],
            ["2026-10-31T05:30:00Z fired", "2026-11-01T05:30:00Z fired", "2026-11-02T06:30:00Z fired"]
        },
        {
            "clock steps 5 minutes forward: the latest tick fires, standing for the skipped ones", "* * * * *", "UTC", "15m", "2026-01-05T10:00:30Z",
            ["run:2026-01-05T10:02:30Z", "jump:+5m", "run:2026-01-05T10:09:30Z"],
            ["2026-01-05T10:01:00Z fired", "2026-01-05T10:02:00Z fired", "2026-01-05T10:07:00Z fired missed=4", "2026-01-05T10:08:00Z fired", "2026-01-05T10:09:00Z fired"]
        },
        {
            "clock steps 5 minutes back: nothing fires twice", "* * * * *", "UTC", "15m", "2026-01-05T10:00:30Z",
            ["run:2026-01-05T10:05:30Z", "jump:-5m", "run:2026-01-05T10:07:30Z"],
            ["2026-01-05T10:01:00Z fired", "2026-01-05T10:02:00Z fired", "2026-01-05T10:03:00Z fired", "2026-01-05T10:04:00Z fired", "2026-01-05T10:05:00Z fired", "2026-01-05T10:06:00Z fired", "2026-01-05T10:07:00Z fired"]
        },
        {
            "down 3 hours, hourly, 1h catch-up: the latest missed tick fires", "0 * * * *", "UTC", "1h", "2026-01-05T00:30:00Z",
            ["run:2026-01-05T01:30:00Z", "down:3h", "run:2026-01-05T05:30:00Z"],
            ["2026-01-05T01:00:00Z fired", "2026-01-05T04:00:00Z fired missed=2", "2026-01-05T05:00:00Z fired"]
        },
        {
            "down 3 hours, every minute, 1h catch-up", "* * * * *", "UTC", "1h", "2026-01-05T10:00:30Z",
            ["run:2026-01-05T10:01:30Z", "down:3h", "run:2026-01-05T13:02:30Z"],
            ["2026-01-05T10:01:00Z fired", "2026-01-05T13:01:00Z fired missed=179", "2026-01-05T13:02:00Z fired"]
        },
        {
            "down 3 hours over a daily tick, 1h catch-up: 2 hours late is missed", "0 6 * * *", "UTC", "1h", "2026-01-05T04:00:00Z",
            ["run:2026-01-05T05:00:00Z", "down:3h", "run:2026-01-06T07:00:00Z"],
            ["2026-01-05T06:00:00Z missed", "2026-01-06T06:00:00Z fired"]
        },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scheduler_Scenario_FiresExactlyTheExpectedTicks(
        string scenario, string cron, string zone, string catchUp, string start, string[] steps, string[] expected)
    {
        await using var sim = await ScheduleSimulation.CreateAsync(ScheduleSimulation.Utc(start));
        Assert.True(DurationParser.TryParse(catchUp, out var window, out _), scenario);
        var schedule = await sim.AddAsync(ScheduleSimulation.Definition("routine", cron, zone) with { CatchUp = window });

        foreach (var step in steps)
        {
            await RunStepAsync(sim, step);
        }

        var history = await sim.HistoryAsync(schedule);
        Assert.Equal(expected, history.Select(Describe));
        Assert.Equal(history.Count(t => t.Outcome == TickOutcome.Fired), (await sim.TasksAsync()).Count);
    }

    [Fact]
    public async Task Scheduler_Jitter_EachTickDecidedAtItsOwnDeterministicDelay()
    {
        await using var sim = await ScheduleSimulation.CreateAsync(ScheduleSimulation.Utc("2026-01-05T10:00:30Z"));
        var jitter = TimeSpan.FromSeconds(30);
        var schedule = await sim.AddAsync(ScheduleSimulation.Definition("spread", "* * * * *", "UTC") with { Jitter = jitter });

        await sim.RunUntilAsync(ScheduleSimulation.Utc("2026-01-05T10:10:45Z"));

        var history = await sim.HistoryAsync(schedule);
        Assert.Equal(10, history.Count);
        Assert.All(history, t => Assert.Equal(t.TickAt + ScheduleJitter.For("spread", t.TickAt, jitter), t.DecidedAt));
        Assert.True(history.Select(t => t.DecidedAt - t.TickAt).Distinct().Count() > 1);
    }

    private static async Task RunStepAsync(ScheduleSimulation sim, string step)
    {
        var (verb, argument) = (step[..step.IndexOf(':', StringComparison.Ordinal)], step[(step.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        switch (verb)
        {
            case "run":
                await sim.RunUntilAsync(ScheduleSimulation.Utc(argument));
                break;
            case "down":
                sim.Down(Duration(argument));
                break;
            case "jump":
                sim.Jump(argument[0] == '-' ? -Duration(argument[1..]) : Duration(argument.TrimStart('+')));
                break;
            default:
                throw new ArgumentException($"unknown step {step}");
        }
    }

    private static TimeSpan Duration(string text) =>
        DurationParser.TryParse(text, out var value, out var problem) ? value : throw new ArgumentException(problem);

    private static string Describe(TickRecord tick) =>
        string.Create(CultureInfo.InvariantCulture, $"{tick.TickAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} {tick.Outcome.ToWireName()}")
        + (tick.Missed > 0 ? $" missed={tick.Missed}" : "");
}
