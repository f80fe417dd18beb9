using System.Globalization;
using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Commands;

/// <summary>errand schedule add, ls, pause, resume, trigger, history and rm against one data directory, with no worker.</summary>
public sealed class ScheduleCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Schedule_AddListPauseResumeTriggerHistoryRemove_WithJsonAndExitCodes()
    {
        using var repo = NewRepo();
        var spec = repo.WriteSpec("deps.md", "title: Update dependencies\nagent: command\ncommand: true\nverify: [true]\nbudget: { time: 1m }\nsandbox: { backend: none }");
        var data = repo.DataDir;

        var (added, addOutput) = await ErrandProcess.RunAsync(data, repo.Root, Timeout,
            "schedule", "add", "deps", "--cron", "0 6 * * MON-FRI", "--tz", "Europe/Berlin", "--spec", spec, "--overlap", "buffer_one", "--catch-up", "1h", "--jitter", "30s", "--max-parallel", "2");
        Assert.Equal(0, added);
        Assert.Contains("schedule deps added: next run ", addOutput, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", addOutput, StringComparison.Ordinal);

        var (listed, ls) = await ErrandProcess.RunAsync(data, repo.Root, Timeout, "schedule", "ls", "--json");
        Assert.Equal(0, listed);
        var schedule = JsonDocument.Parse(ls).RootElement.EnumerateArray().Single();
        Assert.Equal("deps", schedule.GetProperty("name").GetString());
        Assert.Equal("buffer_one", schedule.GetProperty("overlap").GetString());
        Assert.Equal("1h", schedule.GetProperty("catch_up").GetString());
        Assert.Equal("30s", schedule.GetProperty("jitter").GetString());
        Assert.Equal(2, schedule.GetProperty("max_parallel").GetInt32());
        Assert.Equal("Update dependencies", schedule.GetProperty("title").GetString());
        var nextUtc = schedule.GetProperty("next_run_utc").GetDateTimeOffset();
        var nextLocal = schedule.GetProperty("next_run_local").GetDateTimeOffset();
        Assert.Equal(nextUtc, nextLocal);
        Assert.Equal(TimeSpan.Zero, nextUtc.Offset);
        Assert.Contains(nextLocal.Offset, new[] { TimeSpan.FromHours(1), TimeSpan.FromHours(2) });
        Assert.Equal((6, 0), (nextLocal.Hour, nextLocal.Minute));
        Assert.NotEqual(DayOfWeek.Saturday, nextLocal.DayOfWeek);
        Assert.NotEqual(DayOfWeek.Sunday, nextLocal.DayOfWeek);

        var (_, table) = await ErrandProcess.RunAsync(data, repo.Root, Timeout, "schedule", "ls");
        Assert.Contains("deps", table, StringComparison.Ordinal);
        Assert.Contains(nextUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z", table, StringComparison.Ordinal);

        var (paused, pauseJson) = await ErrandProcess.RunAsync(data, repo.Root, Timeout, "schedule", "pause", "deps", "--json");
        Assert.Equal(0, paused);
        Assert.True(JsonDocument.Parse(pauseJson).RootElement.GetProperty("paused").GetBoolean());
        Assert.Contains("paused", (await ErrandProcess.RunAsync(data, repo.Root, Timeout, "schedule", "ls")).Output, StringComparison.Ordinal);

        var (triggered, triggerJson) = await ErrandProcess.RunAsync(data, repo.Root, Timeout, "schedule", "trigger", "deps", "--json");
        Assert.Equal(0, triggered);
        var tick = JsonDocument.Parse(triggerJson).RootElement;
        Assert.Equal("fired", tick.GetProperty("outcome").GetString());
        Assert.True(tick.GetProperty("manual").GetBoolean());
        var taskId = tick.GetProperty("task_id").GetInt64();

        var (shown, show) = await ErrandProcess.RunAsync(data, repo.Root, Timeout, "show", taskId.ToString(CultureInfo.InvariantCulture), "--json");
        Assert.Equal(0, shown);
        var origin = JsonDocument.Parse(show).RootElement.GetProperty("spec").GetProperty("schedule");
        Assert.Equal("deps", origin.GetProperty("name").GetString());
        Assert.True(origin.GetProperty("manual").GetBoolean());

        var (resumed, resumeOutput) = await ErrandProcess.RunAsync(data, repo.Root, Timeout, "schedule", "resume", "deps");
        Assert.Equal(0, resumed);
        Assert.Contains("resumed: next run", resumeOutput, StringComparison.Ordinal);

        var (history, historyJson) = await ErrandProcess.RunAsync(data, repo.Root, Timeout, "schedule", "history", "deps", "--json");
        Assert.Equal(0, history);
        var row = JsonDocument.Parse(historyJson).RootElement.EnumerateArray().Single();
        Assert.Equal(taskId, row.GetProperty("task_id").GetInt64());
        Assert.Equal("queued", row.GetProperty("task_state").GetString());
        var (_, historyTable) = await ErrandProcess.RunAsync(data, repo.Root, Timeout, "schedule", "history", "deps");
        Assert.Contains("run by hand", historyTable, StringComparison.Ordinal);

        var (removed, _) = await ErrandProcess.RunAsync(data, repo.Root, Timeout, "schedule", "rm", "deps");
        Assert.Equal(0, removed);
        Assert.Equal("[]", (await ErrandProcess.RunAsync(data, repo.Root, Timeout, "schedule", "ls", "--json")).Output.Trim());
        Assert.Equal(0, (await ErrandProcess.RunAsync(data, repo.Root, Timeout, "show", taskId.ToString(CultureInfo.InvariantCulture))).ExitCode);
    }

    [Theory]
    [InlineData("rm")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("trigger")]
    [InlineData("history")]
    public async Task Schedule_UnknownName_ExitsNotFound(string subcommand)
    {
        using var repo = NewRepo();

        var (code, output) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "schedule", subcommand, "nope");

        Assert.Equal(3, code);
        Assert.Contains("no schedule named 'nope'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("* 25 * * *", "UTC", "Hours")]
    [InlineData("0 0 32 * *", "UTC", "Days of month")]
    [InlineData("0 6 * *", "UTC", "4 fields")]
    [InlineData("0 6 * * *", "Europe/Atlantis", "unknown time zone 'Europe/Atlantis'")]
    public async Task ScheduleAdd_BadCronOrZone_ExitsTwoNamingTheProblem(string cron, string zone, string expected)
    {
        using var repo = NewRepo();
        var spec = repo.WriteSpec("t.md", "title: T\nagent: command\ncommand: true\nverify: [true]");

        var (code, output) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "schedule", "add", "t", "--cron", cron, "--tz", zone, "--spec", spec);

        Assert.Equal(2, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleAdd_BadSpecNameTakenOrTooMuchJitter_ExitsTwo()
    {
        using var repo = NewRepo();
        var bad = repo.WriteSpec("bad.md", "tilte: Oops\nagent: command\ncommand: true");
        var good = repo.WriteSpec("good.md", "title: Good\nagent: command\ncommand: true\nverify: [true]");

        var (lint, lintOutput) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "schedule", "add", "x", "--cron", "* * * * *", "--tz", "UTC", "--spec", bad);
        Assert.Equal(2, lint);
        Assert.Contains("bad.md:3:1: error E011 [tilte]", lintOutput, StringComparison.Ordinal);

        var (jitter, jitterOutput) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "schedule", "add", "x", "--cron", "* * * * *", "--tz", "UTC", "--spec", good, "--jitter", "2m");
        Assert.Equal(2, jitter);
        Assert.Contains("must be shorter than the time between two runs", jitterOutput, StringComparison.Ordinal);

        Assert.Equal(0, (await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "schedule", "add", "x", "--cron", "* * * * *", "--tz", "UTC", "--spec", good)).ExitCode);
        var (taken, takenOutput) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "schedule", "add", "x", "--cron", "0 * * * *", "--tz", "UTC", "--spec", good);
        Assert.Equal(2, taken);
        Assert.Contains("already exists", takenOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("title: T {{slice}}\nagent: command\ncommand: true\nfleet:\n  slices: [a, b]", "fleet.md:6:1: error E060 [fleet]: a schedule runs one task per tick; a fleet ('fleet:') cannot be scheduled")]
    [InlineData("title: T\nagent: command\ncommand: true\nattempts: 3", "best.md:6:1: error E060 [attempts]: a schedule runs one task per tick; a best-of-N group ('attempts:') cannot be scheduled")]
    public async Task ScheduleAdd_FleetOrBestOfSpec_RefusedNamingTheFieldAndNothingScheduled(string text, string expected)
    {
        using var repo = NewRepo();
        var spec = repo.WriteSpec(expected.Split(':')[0], text);

        var (code, output) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "schedule", "add", "nightly", "--cron", "0 6 * * *", "--tz", "UTC", "--spec", spec);

        Assert.Equal(2, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        var (_, listed) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "schedule", "ls", "--json");
        Assert.Equal("[]", listed.Trim());
    }

    private static TempGitRepo NewRepo()
    {
        var repo = new TempGitRepo();
        repo.WriteFile("README.md", "x\n");
        repo.Commit("initial");
        return repo;
    }
}
