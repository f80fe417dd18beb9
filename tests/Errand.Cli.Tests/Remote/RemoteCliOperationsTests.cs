using System.Text.Json;

namespace Errand.Cli.Tests.Remote;

/// <summary><c>errand limits</c>, <c>notify ls|retry</c> and <c>token create|ls|revoke</c> against a real <c>errand serve</c>, with their scopes.</summary>
public sealed class RemoteCliOperationsTests : IAsyncLifetime
{
    private RemoteServe _remote = null!;

    public async ValueTask InitializeAsync() => _remote = await RemoteServe.StartAsync("- tools: [ { finish: { summary: done } } ]\n");

    public ValueTask DisposeAsync() => _remote.DisposeAsync();

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
}
