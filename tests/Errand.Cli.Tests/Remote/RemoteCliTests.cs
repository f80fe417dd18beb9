using System.Globalization;
using System.Text.Json;
using Errand.Cli.Tests.Support;

namespace Errand.Cli.Tests.Remote;

/// <summary>
/// The CLI against a server: a real <c>errand serve</c> process (SQLite store, loopback port, builtin agent on the
/// scripted model) and the CLI run with <c>--server</c> and <c>--token</c> from another data directory, so nothing
/// it shows can come from a local store.
/// </summary>
public sealed class RemoteCliTests : IAsyncLifetime
{
    private RemoteServe _remote = null!;

    public async ValueTask InitializeAsync() => _remote = await RemoteServe.StartAsync("""
        turns:
          - tools: [ { ask_human: { question: "Ship on Friday?", options: [yes, no] } } ]
          - expect: "answered: yes"
            tools: [ { finish: { summary: shipped on Friday } } ]
        """);

    public ValueTask DisposeAsync() => _remote.DisposeAsync();

    [Fact]
    public async Task Cli_AgainstServe_SubmitLsShowLogsInboxAnswerCancelScheduleFleet()
    {
        var id = long.Parse((await OkAsync("submit", Spec("Release day"))).Trim(), CultureInfo.InvariantCulture);

        var listed = JsonDocument.Parse(await OkAsync("ls", "--json")).RootElement;
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetInt64());

        var (waited, waitOut, _) = await ErrandAsync("wait", Id(id));
        Assert.Equal(6, waited); // waiting_for_human ends a wait with 6
        Assert.Contains("waiting_for_human", waitOut, StringComparison.Ordinal);

        var inbox = await OkAsync("inbox");
        Assert.Contains($"#{id}", inbox, StringComparison.Ordinal);
        Assert.Contains("Ship on Friday?", inbox, StringComparison.Ordinal);

        var answered = await OkAsync("answer", Id(id), "yes");
        Assert.Contains($"#{id} answered: yes", answered, StringComparison.Ordinal);

        var (ended, _, endedAll) = await ErrandAsync("wait", Id(id));
        Assert.True(ended == 0, endedAll);
        var shown = JsonDocument.Parse(await OkAsync("show", Id(id), "--json")).RootElement;
        Assert.Equal("succeeded", shown.GetProperty("state").GetString());
        Assert.Equal("shipped on Friday", shown.GetProperty("result").GetProperty("agent_summary").GetString());
        Assert.Contains("succeeded", await OkAsync("show", Id(id)), StringComparison.Ordinal);

        var logs = await OkAsync("logs", Id(id));
        Assert.Contains("Ship on Friday?", logs, StringComparison.Ordinal);
        var followed = (await OkAsync("logs", Id(id), "--follow", "--json")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("submitted", JsonDocument.Parse(followed[0]).RootElement.GetProperty("kind").GetString());
        Assert.Contains(followed, line => line.Contains("Ship on Friday?", StringComparison.Ordinal));

        var second = long.Parse((await OkAsync("submit", Spec("Another day"))).Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(6, (await ErrandAsync("wait", Id(second))).ExitCode);
        Assert.Contains($"#{second} cancelled", await OkAsync("cancel", Id(second), "--reason", "not this week"), StringComparison.Ordinal);
        Assert.Equal("cancelled", JsonDocument.Parse(await OkAsync("show", Id(second), "--json")).RootElement.GetProperty("state").GetString());
        var (again, _, againAll) = await ErrandAsync("cancel", Id(second));
        Assert.Equal(2, again);
        Assert.Contains("has already ended", againAll, StringComparison.Ordinal);

        Assert.Contains("no schedules", await OkAsync("schedule", "ls"), StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(await OkAsync("fleet", "ls", "--json")).RootElement.GetArrayLength());

        Assert.False(File.Exists(Path.Combine(_remote.ClientHome, "errand.db")), "the CLI opened a local store");
    }

    [Fact]
    public async Task Cli_AgainstServe_RefusalsSayWhy()
    {
        var (noToken, _, noTokenAll) = await ErrandProcess.RunCapturedAsync(_remote.ClientHome, _remote.Repo.Root, RemoteServe.Patience, "ls", "--server", _remote.Server);
        Assert.Equal(7, noToken);
        Assert.Contains("no valid token", noTokenAll, StringComparison.Ordinal);

        var (wrongScope, _, wrongScopeAll) = await _remote.AsAsync(_remote.Reader, "submit", Spec("Not allowed"));
        Assert.Equal(7, wrongScope);
        Assert.Contains("this token's scope does not allow POST /api/tasks/batch", wrongScopeAll, StringComparison.Ordinal);

        var (unreachable, _, unreachableAll) = await ErrandProcess.RunCapturedAsync(_remote.ClientHome, _remote.Repo.Root, RemoteServe.Patience,
            "ls", "--server", $"http://127.0.0.1:{RemoteServe.FreePort().ToString(CultureInfo.InvariantCulture)}", "--token", _remote.Admin);
        Assert.Equal(8, unreachable);
        Assert.Contains("cannot reach the server at", unreachableAll, StringComparison.Ordinal);

        var (missing, _, missingAll) = await ErrandAsync("show", "4242");
        Assert.Equal(3, missing);
        Assert.Contains("no task #4242", missingAll, StringComparison.Ordinal);

        var relative = _remote.Repo.WriteSpec("relative.md", "title: Relative\nagent: command\ncommand: true\nsandbox: { backend: none }");
        var (refused, _, refusedAll) = await ErrandAsync("submit", relative);
        Assert.Equal(2, refused);
        Assert.Contains("relative.md:2:", refusedAll, StringComparison.Ordinal);
        Assert.Contains("is relative; give an absolute path or a URL", refusedAll, StringComparison.Ordinal);

        var (badToken, _, badTokenAll) = await _remote.AsAsync("not-a-token", "schedule", "ls");
        Assert.Equal(7, badToken);
        Assert.Contains("no valid token", badTokenAll, StringComparison.Ordinal);
    }

    private string Spec(string title) => _remote.Spec(title);

    private static string Id(long id) => RemoteServe.Id(id);

    private Task<(int ExitCode, string Stdout, string All)> ErrandAsync(params string[] args) => _remote.ErrandAsync(args);

    private Task<string> OkAsync(params string[] args) => _remote.OkAsync(args);
}
