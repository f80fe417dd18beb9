using System.Text.Json;
using Errand.Cli.Tests.Support;

namespace Errand.Cli.Tests.Remote;

/// <summary>retry, followup, extend and lint against a real <c>errand serve</c>: the same output as on the store, the server's refusals as exit codes.</summary>
public sealed class RemoteCliTaskActionTests : IAsyncLifetime
{
    private RemoteServe _remote = null!;

    // Budget of one step: the first turn writes a file, then the task stops partial until extended.
    public async ValueTask InitializeAsync() => _remote = await RemoteServe.StartAsync("""
        - tools: [ { write_file: { path: a.txt, content: a } } ]
        - tools: [ { finish: { summary: wrote a } } ]
        """);

    public ValueTask DisposeAsync() => _remote.DisposeAsync();

    [Fact]
    public async Task Submit_AgainstServe_WarningsPrintedAsOnTheStoresHost()
    {
        // Valid specs with warnings (no budget, no sandbox, no "Done when"), one file and a batch of two: here (on the
        // server's store) and through the server, the same lines on standard error, byte for byte, and the same exit code.
        var warned = _remote.CommandSpec("warned.md");
        var budgeted = _remote.CommandSpec("budgeted.md", extra: "budget: { time: 30m }");
        foreach (string[] files in (string[][])[[warned], [budgeted, warned]])
        {
            var local = await _remote.LocalAsync(["submit", .. files]);
            var remote = await _remote.ErrandAsync(["submit", .. files]);
            Assert.True(local.ExitCode == 0, local.All);
            Assert.True(remote.ExitCode == 0, remote.All);
            var warnings = RemoteServe.Stderr(local);
            Assert.Contains(warnings, w => w.StartsWith(warned + ":1:1: warning W002 [budget]: ", StringComparison.Ordinal));
            Assert.Equal(files.Length == 1 ? 3 : 5, warnings.Count(w => w.Contains(": warning W", StringComparison.Ordinal)));
            Assert.Equal(string.Join('\n', warnings), string.Join('\n', RemoteServe.Stderr(remote)));
        }

        var json = await _remote.ErrandAsync("submit", warned, "--json");
        Assert.True(json.ExitCode == 0, json.All);
        Assert.DoesNotContain("warnings", json.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_AgainstServe_ExtendRetryFollowup()
    {
        var partial = RemoteServe.IdOf(await _remote.OkAsync("submit", _remote.Spec("One step", "budget: { steps: 1 }")));
        Assert.Equal(4, (await _remote.ErrandAsync("wait", RemoteServe.Id(partial))).ExitCode);

        var extended = await _remote.OkAsync("extend", RemoteServe.Id(partial), "--steps", "3");
        Assert.Contains($"#{partial} budget is now steps 4; queued to resume from its last checkpoint", extended, StringComparison.Ordinal);
        Assert.Equal(0, (await _remote.ErrandAsync("wait", RemoteServe.Id(partial))).ExitCode);
        Assert.Contains("is succeeded; only a task stopped by its budget (partial) can be extended",
            await _remote.FailsAsync(2, "extend", RemoteServe.Id(partial), "--steps", "3"), StringComparison.Ordinal);
        Assert.Contains("--steps '-3'", await _remote.FailsAsync(2, "extend", RemoteServe.Id(partial), "--steps", "-3"), StringComparison.Ordinal);

        var failing = RemoteServe.IdOf(await _remote.OkAsync("submit", _remote.CommandSpec("fails.md", "false")));
        Assert.Equal(1, (await _remote.ErrandAsync("wait", RemoteServe.Id(failing))).ExitCode);
        Assert.Contains($"#{failing} queued again", await _remote.OkAsync("retry", RemoteServe.Id(failing)), StringComparison.Ordinal);
        Assert.Equal(1, (await _remote.ErrandAsync("wait", RemoteServe.Id(failing))).ExitCode);
        Assert.Equal(2, JsonDocument.Parse(await _remote.OkAsync("show", RemoteServe.Id(failing), "--json")).RootElement.GetProperty("attempt").GetInt32());

        var command = RemoteServe.IdOf(await _remote.OkAsync("submit", _remote.CommandSpec("echo.md")));
        Assert.Equal(0, (await _remote.ErrandAsync("wait", RemoteServe.Id(command))).ExitCode);
        Assert.Contains("is succeeded; only an ended task can be retried", await _remote.FailsAsync(2, "retry", RemoteServe.Id(command)), StringComparison.Ordinal);
        Assert.Contains($"#{command} queued with the follow-up; `errand wait {command}`",
            await _remote.OkAsync("followup", RemoteServe.Id(command), "and once more"), StringComparison.Ordinal);
        Assert.Equal(0, (await _remote.ErrandAsync("wait", RemoteServe.Id(command))).ExitCode);
        var logs = await _remote.OkAsync("logs", RemoteServe.Id(command));
        Assert.Contains("and once more", logs, StringComparison.Ordinal);

        Assert.Contains("no task #4242", await _remote.FailsAsync(3, "retry", "4242"), StringComparison.Ordinal);
        Assert.Contains("no task #4242", await _remote.FailsAsync(3, "followup", "4242", "more"), StringComparison.Ordinal);

        var (readOnly, _, readOnlyAll) = await _remote.AsAsync(_remote.Reader, "retry", RemoteServe.Id(command));
        Assert.Equal(7, readOnly);
        Assert.Contains($"this token's scope does not allow POST /api/tasks/{command}/retry", readOnlyAll, StringComparison.Ordinal);
        var (noToken, _, noTokenAll) = await _remote.AsAsync("not-a-token", "followup", RemoteServe.Id(command), "more");
        Assert.Equal(7, noToken);
        Assert.Contains("no valid token", noTokenAll, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_AgainstServe_FindingsNameTheLocalFiles()
    {
        var good = _remote.CommandSpec("good.md");
        var bad = _remote.CommandSpec("neg.md", extra: "budget: { cost: -1 }");

        // The same findings, printed the same, as linting here.
        var (localCode, local, _) = await ErrandProcess.RunCapturedAsync(_remote.ClientHome, _remote.Repo.Root, RemoteServe.Patience, "lint", good, bad);
        var (remoteCode, remote, remoteAll) = await _remote.ErrandAsync("lint", good, bad);
        Assert.Equal(2, localCode);
        Assert.Equal(2, remoteCode);
        Assert.Equal(local, remote);
        Assert.Contains("neg.md:8:", remoteAll, StringComparison.Ordinal);
        Assert.Contains("budget.cost", remoteAll, StringComparison.Ordinal);
        Assert.Equal(0, (await _remote.ErrandAsync("lint", good)).ExitCode);

        var (code, stdout, _) = await _remote.AsAsync(_remote.Reader, "lint", bad, Path.Combine(_remote.Repo.Root, "missing.md"), "--json");
        Assert.Equal(2, code);
        var findings = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("file").GetString() == Path.Combine(_remote.Repo.Root, "missing.md") && f.GetProperty("code").GetString() == "E001");
        var error = Assert.Single(findings, f => f.TryGetProperty("field", out var field) && field.GetString() == "budget.cost");
        Assert.Equal(8, error.GetProperty("line").GetInt32());
        Assert.Equal(bad, error.GetProperty("file").GetString());

        var (noToken, _, noTokenAll) = await _remote.AsAsync("not-a-token", "lint", good);
        Assert.Equal(7, noToken);
        Assert.Contains("no valid token", noTokenAll, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_remote.ClientHome, "errand.db")), "the CLI opened a local store");
    }
}
