using System.Text.Json;

namespace Errand.Cli.Tests.Remote;

/// <summary><c>errand schedule add|ls|pause|resume|trigger|history|rm</c> against a real <c>errand serve</c>.</summary>
public sealed class RemoteCliScheduleTests : IAsyncLifetime
{
    private RemoteServe _remote = null!;

    public async ValueTask InitializeAsync() => _remote = await RemoteServe.StartAsync("- tools: [ { finish: { summary: done } } ]\n");

    public ValueTask DisposeAsync() => _remote.DisposeAsync();

    [Fact]
    public async Task Schedule_AgainstServe_AddPauseResumeTriggerHistoryRemove()
    {
        var spec = _remote.CommandSpec("nightly.md");
        var added = await _remote.OkAsync("schedule", "add", "nightly", "--cron", "0 3 * * *", "--tz", "Europe/Berlin", "--spec", spec);
        Assert.Contains("schedule nightly added: next run ", added, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin (", added, StringComparison.Ordinal);
        Assert.Contains("already exists (errand schedule rm to replace it)",
            await _remote.FailsAsync(2, "schedule", "add", "nightly", "--cron", "0 3 * * *", "--tz", "UTC", "--spec", spec), StringComparison.Ordinal);
        Assert.Contains("--tz ", await _remote.FailsAsync(2, "schedule", "add", "other", "--cron", "0 3 * * *", "--tz", "Mars/Base", "--spec", spec),
            StringComparison.Ordinal);
        var broken = _remote.Repo.WriteSpec("broken.md", "title: Broken\nagent: command\ncommand: true\nbudget: { cost: -1 }");
        Assert.Contains("broken.md:6:", await _remote.FailsAsync(2, "schedule", "add", "broken", "--cron", "0 3 * * *", "--tz", "UTC", "--spec", broken),
            StringComparison.Ordinal);
        Assert.Contains("nightly", await _remote.OkAsync("schedule", "ls"), StringComparison.Ordinal);

        Assert.Contains("schedule nightly paused", await _remote.OkAsync("schedule", "pause", "nightly"), StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(await _remote.OkAsync("schedule", "pause", "nightly", "--json")).RootElement.GetProperty("paused").GetBoolean());
        Assert.Contains("schedule nightly resumed: next run ", await _remote.OkAsync("schedule", "resume", "nightly"), StringComparison.Ordinal);

        var triggered = await _remote.OkAsync("schedule", "trigger", "nightly");
        Assert.Matches(@"schedule nightly: task #\d+ queued", triggered);
        var history = JsonDocument.Parse(await _remote.OkAsync("schedule", "history", "nightly", "--json")).RootElement;
        var tick = Assert.Single(history.EnumerateArray());
        Assert.Equal("fired", tick.GetProperty("outcome").GetString());
        Assert.True(tick.GetProperty("manual").GetBoolean());
        Assert.Contains("run by hand", await _remote.OkAsync("schedule", "history", "nightly"), StringComparison.Ordinal);

        var (readOnly, _, readOnlyAll) = await _remote.AsAsync(_remote.Reader, "schedule", "trigger", "nightly");
        Assert.Equal(7, readOnly);
        Assert.Contains("this token's scope does not allow POST /api/schedules/nightly/trigger", readOnlyAll, StringComparison.Ordinal);
        var (noToken, _, noTokenAll) = await _remote.AsAsync("not-a-token", "schedule", "rm", "nightly");
        Assert.Equal(7, noToken);
        Assert.Contains("no valid token", noTokenAll, StringComparison.Ordinal);

        Assert.Contains("schedule nightly removed", await _remote.OkAsync("schedule", "rm", "nightly"), StringComparison.Ordinal);
        Assert.Contains("no schedule named 'nightly'", await _remote.FailsAsync(3, "schedule", "history", "nightly"), StringComparison.Ordinal);
        Assert.Contains("no schedule named 'nightly'", await _remote.FailsAsync(3, "schedule", "pause", "nightly"), StringComparison.Ordinal);
        Assert.Contains("no schedule named 'nightly'", await _remote.FailsAsync(3, "schedule", "rm", "nightly"), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_remote.ClientHome, "errand.db")), "the CLI opened a local store");
    }

    [Fact]
    public async Task ScheduleAdd_AgainstServe_WarningsPrintedAsOnTheStoresHost()
    {
        // A valid spec with warnings (no budget, no sandbox, no "Done when"): added, then added again under a taken name;
        // here (on the server's store) and through the server the same lines on standard error, byte for byte, and the
        // same exit code.
        var spec = _remote.CommandSpec("warned.md");
        string[] Add(string name) => ["schedule", "add", name, "--cron", "0 3 * * *", "--tz", "UTC", "--spec", spec];
        foreach (var (here, there, exitCode) in new[] { ("here", "there", 0), ("here", "here", 2) })
        {
            var local = await _remote.LocalAsync(Add(here));
            var remote = await _remote.ErrandAsync(Add(there));
            Assert.True(local.ExitCode == exitCode, local.All);
            Assert.True(remote.ExitCode == exitCode, remote.All);
            var stderr = RemoteServe.Stderr(local);
            Assert.Contains(stderr, w => w.StartsWith(spec + ":1:1: warning W002 [budget]: ", StringComparison.Ordinal));
            Assert.Equal(exitCode == 0 ? 0 : 1, stderr.Count(l => l.Contains("already exists", StringComparison.Ordinal)));
            Assert.Equal(string.Join('\n', stderr), string.Join('\n', RemoteServe.Stderr(remote)));
        }

        var json = await _remote.ErrandAsync(["schedule", "add", "json", "--cron", "0 3 * * *", "--tz", "UTC", "--spec", spec, "--json"]);
        Assert.True(json.ExitCode == 0, json.All);
        Assert.DoesNotContain("warnings", json.Stdout, StringComparison.Ordinal);
    }
}
