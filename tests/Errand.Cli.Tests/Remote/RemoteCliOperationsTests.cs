using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Notifications.Tests.Support;

namespace Errand.Cli.Tests.Remote;

/// <summary><c>errand limits</c>, <c>notify ls|retry|test</c>, <c>secret ls</c> and <c>token create|ls|revoke</c> against a real <c>errand serve</c>, with their scopes.</summary>
public sealed class RemoteCliOperationsTests : IAsyncLifetime
{
    private RemoteServe _remote = null!;
    private LoopbackReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await LoopbackReceiver.StartAsync();
        _remote = await RemoteServe.StartAsync(
            "- tools: [ { finish: { summary: done } } ]\n",
            $"notify:\n  delivery: {{ timeout: 30s }}\n  channels:\n    phone: {{ type: ntfy, url: \"{_receiver.Url}\" }}\n");
    }

    public async ValueTask DisposeAsync()
    {
        await _remote.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Limits_AgainstServe_SetListRemove()
    {
        Assert.Contains("no limits", await _remote.OkAsync("limits", "ls"), StringComparison.Ordinal);
        Assert.Contains("global: at most 3 running", await _remote.OkAsync("limits", "set", "--global", "3"), StringComparison.Ordinal);
        Assert.Contains($"repo:{_remote.Repo.RepoPath}: at most 2 running", await _remote.OkAsync("limits", "set", "--repo", "repo", "2"), StringComparison.Ordinal);
        var limits = JsonDocument.Parse(await _remote.OkAsync("limits", "ls", "--json")).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, limits.Count);
        Assert.Contains(limits, l => l.GetProperty("scope").GetString() == "global" && l.GetProperty("max_running").GetInt32() == 3);
        Assert.Contains("a limit must let at least one task run", await _remote.FailsAsync(2, "limits", "set", "--global", "0"), StringComparison.Ordinal);
        Assert.Contains("give either --global or --repo", await _remote.FailsAsync(2, "limits", "rm"), StringComparison.Ordinal);

        var (readOnly, readOnlyOut, readOnlyAll) = await _remote.AsAsync(_remote.Reader, "limits", "set", "--global", "1");
        Assert.Equal(7, readOnly);
        Assert.Contains("this token's scope does not allow PUT /api/limits", readOnlyAll, StringComparison.Ordinal);
        Assert.Empty(readOnlyOut);
        var (readerList, readerOut, _) = await _remote.AsAsync(_remote.Reader, "limits", "ls");
        Assert.Equal(0, readerList);
        Assert.Contains("global", readerOut, StringComparison.Ordinal);

        Assert.Contains("global: no limit", await _remote.OkAsync("limits", "rm", "--global"), StringComparison.Ordinal);
        Assert.Single(JsonDocument.Parse(await _remote.OkAsync("limits", "ls", "--json")).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task LimitsSet_BadMax_WordedAsOnTheServersHost()
    {
        var local = await LocalAsync("limits", "set", "--global", "0");
        var remote = await _remote.ErrandAsync("limits", "set", "--global", "0");
        Assert.Equal(2, local.ExitCode);
        Assert.Equal(2, remote.ExitCode);
        Assert.Equal("errand: max 0: a limit must let at least one task run", local.All.Trim());
        Assert.Equal(local.All, remote.All);

        Assert.Empty(JsonDocument.Parse(await _remote.OkAsync("limits", "ls", "--json")).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task NotifyAndTokens_AgainstServe()
    {
        Assert.Contains("no notifications", await _remote.OkAsync("notify", "ls"), StringComparison.Ordinal);
        Assert.Contains("no failed notifications", await _remote.OkAsync("notify", "ls", "--failed", "--task", "1"), StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(await _remote.OkAsync("notify", "ls", "--json")).RootElement.GetArrayLength());
        Assert.Contains("0 notifications are due again", await _remote.OkAsync("notify", "retry", "--all-failed"), StringComparison.Ordinal);
        Assert.Contains("no undelivered notification 42", await _remote.FailsAsync(3, "notify", "retry", "42"), StringComparison.Ordinal);
        var (readOnly, _, readOnlyAll) = await _remote.AsAsync(_remote.Reader, "notify", "retry", "--all-failed");
        Assert.Equal(7, readOnly);
        Assert.Contains("this token's scope does not allow POST /api/notifications/retry-failed", readOnlyAll, StringComparison.Ordinal);

        // An admin token makes and revokes tokens through the API; the first one is made on the server's host.
        var created = JsonDocument.Parse(await _remote.OkAsync("token", "create", "--name", "ci", "--scope", "read", "--json")).RootElement;
        Assert.Equal("read", created.GetProperty("scope").GetString());
        var ci = created.GetProperty("token").GetString()!;
        Assert.Equal(0, (await _remote.AsAsync(ci, "ls")).ExitCode);
        var tokens = JsonDocument.Parse(await _remote.OkAsync("token", "ls", "--json")).RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(["ci", "ops", "viewer"], tokens.Order(StringComparer.Ordinal));
        Assert.Contains("a token named 'ops' exists already", await _remote.FailsAsync(2, "token", "create", "--name", "ops", "--scope", "read"), StringComparison.Ordinal);
        var (notAdmin, _, notAdminAll) = await _remote.AsAsync(ci, "token", "ls");
        Assert.Equal(7, notAdmin);
        Assert.Contains("this token's scope does not allow GET /api/tokens", notAdminAll, StringComparison.Ordinal);

        Assert.Contains("token 'ci' revoked", await _remote.OkAsync("token", "revoke", "ci"), StringComparison.Ordinal);
        var (revoked, _, revokedAll) = await _remote.AsAsync(ci, "ls");
        Assert.Equal(7, revoked);
        Assert.Contains("no valid token", revokedAll, StringComparison.Ordinal);
        Assert.Contains("no valid token named 'ci'", await _remote.FailsAsync(3, "token", "revoke", "ci"), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_remote.ClientHome, "errand.db")), "the CLI opened a local store");
    }

    [Fact]
    public async Task SecretList_AgainstServe_SameAsOnTheServersHost_NeverTheValue()
    {
        Assert.Contains("no secrets", await _remote.OkAsync("secret", "ls"), StringComparison.Ordinal);
        const string Value = "planted-value-0123456789";
        foreach (var name in new[] { "NUGET_TOKEN", "DEPLOY_KEY" })
        {
            Assert.Equal(0, (await LocalAsync("secret", "set", name, "--value", Value)).ExitCode);
        }

        foreach (var json in new[] { false, true })
        {
            string[] args = json ? ["secret", "ls", "--json"] : ["secret", "ls"];
            var local = await LocalAsync(args);
            Assert.Equal(0, local.ExitCode);
            var remote = await _remote.OkAsync(args);
            Assert.Equal(local.Stdout, remote);
            Assert.Contains("DEPLOY_KEY", remote, StringComparison.Ordinal);
            Assert.DoesNotContain(Value, remote, StringComparison.Ordinal);
        }

        var listed = JsonDocument.Parse(await _remote.OkAsync("secret", "ls", "--json")).RootElement.EnumerateArray().ToList();
        Assert.Equal(["DEPLOY_KEY", "NUGET_TOKEN"], listed.Select(s => s.GetProperty("name").GetString()));
        Assert.All(listed, s => Assert.True(s.GetProperty("updated_at").GetDateTimeOffset() >= s.GetProperty("created_at").GetDateTimeOffset()));

        await ReaderRefusedAsync("GET /api/secrets", "secret", "ls");
        Assert.Contains("errand secret rm: not available against a server", await _remote.FailsAsync(2, "secret", "rm", "NUGET_TOKEN"), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_remote.ClientHome, "errand.db")), "the CLI opened a local store");
    }

    [Fact]
    public async Task NotifyTest_AgainstServe_SentThroughTheServersChannel()
    {
        _receiver.Respond = (n, _) => Task.FromResult(n == 0 ? 200 : 502);

        var delivered = await _remote.OkAsync("notify", "test", "phone");
        Assert.Matches(@"^phone \(ntfy\): delivered in \d+ ms \(delivery id test/phone/\d+\)\s*$", delivered);
        Assert.Single(_receiver.Requests);

        var failed = await _remote.FailsAsync(1, "notify", "test", "phone");
        Assert.Contains("errand: phone (ntfy): not delivered: HTTP 502", failed, StringComparison.Ordinal);
        Assert.Equal(2, _receiver.Requests.Count);

        var missing = await _remote.FailsAsync(3, "notify", "test", "slack");
        Assert.Contains("no channel named 'slack' in ", missing, StringComparison.Ordinal);
        Assert.Contains("; the channels are: phone", missing, StringComparison.Ordinal);

        await ReaderRefusedAsync("POST /api/notifications/test", "notify", "test", "phone");
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.False(File.Exists(Path.Combine(_remote.ClientHome, "errand.db")), "the CLI opened a local store");
    }

    [Fact]
    public async Task NotifyTest_AgainstServe_ConfigEditedAfterStart_TestsTheFileAsItIsNow()
    {
        await using var other = await LoopbackReceiver.StartAsync();
        var configPath = Path.Combine(_remote.Repo.DataDir, "config.yaml");
        Assert.Contains("phone (ntfy): delivered", await _remote.OkAsync("notify", "test", "phone"), StringComparison.Ordinal);
        Assert.Single(_receiver.Requests);

        // The channel moved and one added, in the file only: the running server tests them as they are now.
        await File.WriteAllTextAsync(configPath,
            $"notify:\n  delivery: {{ timeout: 30s }}\n  channels:\n    phone: {{ type: ntfy, url: \"{other.Url}\" }}\n    pager: {{ type: ntfy, url: \"{_receiver.Url}\" }}\n");
        Assert.Contains("phone (ntfy): delivered", await _remote.OkAsync("notify", "test", "phone"), StringComparison.Ordinal);
        Assert.Single(other.Requests);
        Assert.Contains("pager (ntfy): delivered", await _remote.OkAsync("notify", "test", "pager"), StringComparison.Ordinal);
        Assert.Equal(2, _receiver.Requests.Count);

        // An edit that breaks the file: the test says so, as on the server's host, and sends nothing.
        await File.WriteAllTextAsync(configPath, "notify:\n  channels:\n    phone: { type: ntfy }\n");
        var remote = await _remote.ErrandAsync("notify", "test", "phone");
        var local = await LocalAsync("notify", "test", "phone");
        Assert.Equal(2, remote.ExitCode);
        Assert.Equal(2, local.ExitCode);
        Assert.Contains($"errand: {configPath} has a problem; fix it and try again:", remote.All, StringComparison.Ordinal);
        Assert.Equal(local.All, remote.All);
        Assert.Single(other.Requests);
        Assert.Equal(2, _receiver.Requests.Count);

        // Meanwhile delivery goes on through the last good file: a task's notification still reaches the moved channel.
        var task = RemoteServe.IdOf(await _remote.OkAsync("submit", _remote.CommandSpec("notified.md", extra: "notify: [phone]")));
        await _remote.OkAsync("wait", RemoteServe.Id(task));
        var received = await other.WaitForAsync(2, RemoteServe.Patience);
        Assert.Contains(received.Skip(1), r => r.Text.Contains("notified", StringComparison.Ordinal));
        Assert.Equal(2, _receiver.Requests.Count);
    }

    /// <summary>The command with the read token exits 7, naming the route its scope does not allow.</summary>
    private async Task ReaderRefusedAsync(string route, params string[] args)
    {
        var (code, _, all) = await _remote.AsAsync(_remote.Reader, args);
        Assert.Equal(7, code);
        Assert.Contains($"this token's scope does not allow {route}", all, StringComparison.Ordinal);
    }

    /// <summary>The CLI on the server's host, on its data directory (the secret key beside it), without --server.</summary>
    private async Task<(int ExitCode, string Stdout, string All)> LocalAsync(params string[] args)
    {
        var key = new Dictionary<string, string> { ["ERRAND_SECRET_KEY_FILE"] = _remote.KeyFile };
        await using var process = ErrandProcess.Start(_remote.Repo.DataDir, _remote.Repo.Root, key, args);
        var code = await process.WaitForExitAsync(RemoteServe.Patience);
        return (code, process.Stdout, process.Output);
    }
}
