using System.Globalization;
using System.Text.Json;
using Errand.Cli.Tests.Support;

namespace Errand.Cli.Tests.Remote;

/// <summary><c>errand fleet run|show|cancel</c> against a real <c>errand serve</c>: the server's workers run the slices, the CLI follows.</summary>
public sealed class RemoteCliFleetTests : IAsyncLifetime
{
    private RemoteServe _remote = null!;

    public async ValueTask InitializeAsync() => _remote = await RemoteServe.StartAsync("- tools: [ { finish: { summary: done } } ]\n");

    public ValueTask DisposeAsync() => _remote.DisposeAsync();

    [Fact]
    public async Task Fleet_AgainstServe_RunShowCancel()
    {
        // A fleet whose slices wait: followed by one CLI, cancelled from another.
        var slow = FleetSpec("slow.md", "Wait {{slice}}", "sleep 60", "[x, y]");
        await using (var run = ErrandProcess.Start(_remote.ClientHome, _remote.Repo.Root, "fleet", "run", slow, "--server", _remote.Server, "--token", _remote.Admin))
        {
            var line = await run.WaitForLineAsync(l => l.StartsWith("fleet #", StringComparison.Ordinal), RemoteServe.Patience);
            var id = line["fleet #".Length..].Split(' ')[0];
            await run.WaitForLineAsync(l => l.Contains("running", StringComparison.Ordinal) && !l.Contains(" 0 running", StringComparison.Ordinal), RemoteServe.Patience);

            var (readOnly, _, readOnlyAll) = await _remote.AsAsync(_remote.Reader, "fleet", "cancel", id);
            Assert.Equal(7, readOnly);
            Assert.Contains($"this token's scope does not allow POST /api/fleets/{id}/cancel", readOnlyAll, StringComparison.Ordinal);

            Assert.Matches($@"fleet #{id} cancelled; [12] of its tasks cancelled", await _remote.OkAsync("fleet", "cancel", id, "--reason", "not today"));
            Assert.Equal(5, await run.WaitForExitAsync(RemoteServe.Patience));
            Assert.Contains("has already ended", await _remote.FailsAsync(2, "fleet", "cancel", id), StringComparison.Ordinal);
        }

        var shout = FleetSpec("shout.md", "Check {{slice}}", "test {{slice}} != bad", "[good, bad, fine]");
        var (ran, stdout, all) = await _remote.ErrandAsync("fleet", "run", shout, "--json");
        Assert.True(ran == 1, all);
        var fleet = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("failed", fleet.GetProperty("state").GetString());
        Assert.Equal(["good", "bad", "fine"], fleet.GetProperty("slices").EnumerateArray().Select(s => s.GetProperty("value").GetString()));
        Assert.Equal(1, fleet.GetProperty("report").GetProperty("failed").GetInt32());
        var id2 = fleet.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);

        var shown = await _remote.OkAsync("fleet", "show", id2);
        Assert.Contains($"fleet #{id2} ", shown, StringComparison.Ordinal);
        Assert.Contains("3/3 done: 2 succeeded, 1 failed", shown, StringComparison.Ordinal);
        Assert.Equal(fleet.GetProperty("report").ToString(),
            JsonDocument.Parse(await _remote.OkAsync("fleet", "show", id2, "--json")).RootElement.GetProperty("report").ToString());
        Assert.Equal(2, JsonDocument.Parse(await _remote.OkAsync("fleet", "ls", "--json")).RootElement.GetArrayLength());

        var broken = Path.Combine(_remote.Repo.Root, "broken.md");
        await File.WriteAllTextAsync(broken, $"---\ntitle: Broken\nrepo: {_remote.Repo.RepoPath}\nagent: command\ncommand: true\nfleet:\n  max_parallel: 0\n---\nx\n");
        Assert.Contains("broken.md:", await _remote.FailsAsync(2, "fleet", "run", broken), StringComparison.Ordinal);

        Assert.Contains("no fleet #999", await _remote.FailsAsync(3, "fleet", "show", "999"), StringComparison.Ordinal);
        Assert.Contains("no fleet #999", await _remote.FailsAsync(3, "fleet", "cancel", "999"), StringComparison.Ordinal);
        var (noToken, _, noTokenAll) = await _remote.AsAsync("not-a-token", "fleet", "show", id2);
        Assert.Equal(7, noToken);
        Assert.Contains("no valid token", noTokenAll, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_remote.ClientHome, "errand.db")), "the CLI opened a local store");
    }

    [Fact]
    public async Task FleetRun_AgainstServe_WarningsPrintedAsOnTheStoresHost()
    {
        // No verify and no budget: a valid spec with warnings. Here (on the server's store, its worker running the
        // slices) and through the server, the same lines on standard error, byte for byte.
        var spec = FleetSpec("warned.md", "Echo {{slice}}", "true", "[a]");
        var local = await _remote.LocalAsync("fleet", "run", spec, "--no-worker");
        var remote = await _remote.ErrandAsync("fleet", "run", spec);
        Assert.True(local.ExitCode == 0, local.All);
        Assert.True(remote.ExitCode == 0, remote.All);
        var warnings = RemoteServe.Stderr(local);
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.StartsWith(spec + ":", w, StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains(": warning ", StringComparison.Ordinal));
        Assert.Equal(string.Join('\n', warnings), string.Join('\n', RemoteServe.Stderr(remote)));
        Assert.DoesNotContain("warnings", remote.Stdout, StringComparison.Ordinal);
    }

    private string FleetSpec(string name, string title, string command, string slices)
    {
        var path = Path.Combine(_remote.Repo.Root, name);
        File.WriteAllText(path, $"""
            ---
            title: {title}
            repo: {_remote.Repo.RepoPath}
            agent: command
            command: {command}
            sandbox: {"{"} backend: none {"}"}
            fleet:
              slices: {slices}
              max_parallel: 2
            ---
            Run it.
            """);
        return path;
    }
}
