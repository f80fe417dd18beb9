using Errand.Server.Tests.Support;
using Errand.Tests.Shared;
using Errand.Tokens;
using Microsoft.Playwright;

namespace Errand.Server.Tests.Dashboard;

/// <summary>
/// What a task's data can do to the dashboard in a real browser: markup in a title and in a log line (arriving live
/// over SSE and rendered by the server) is shown as text and never runs; a planted secret printed by a task reaches no
/// page, only its placeholder does.
/// </summary>
public sealed class DashboardSafetyTests : IAsyncLifetime
{
    private const string Title = "<script>window.__pwned='title';alert('title')</script><img src=x onerror=\"window.__pwned='img'\"> fix it";
    private const string LogLine = "<script>window.__pwned=\"log\";alert(\"log\")</script><b>bold?</b>";
    private const string SecretName = "PLANTED_TOKEN";
    private const string SecretValue = "pl4nted-D4shb0ard/v4lue+more=42";

    private ServerHarness _server = null!;
    private BrowserSession _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerHarness.StartAsync(withWorker: true);
        _browser = await BrowserSession.StartAsync(_server.Address, _server.Timeline);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task MarkupInTitleAndLiveLogLine_ShownAsText_NoScriptRuns()
    {
        // The task holds its output until the page is open, so the log line reaches the page live, through the stream.
        var go = Path.Combine(_server.Repo.Root, "go");
        var id = (await _server.SubmitAsync(_server.Spec(Title, $"while [ ! -e {go} ]; do sleep 0.1; done\necho '{LogLine}'"))).GetProperty("id").GetInt64();
        var page = _browser.Page;
        await _browser.SignInAsync(_server.Token(TokenScope.Admin), $"/tasks/{id}");
        await _browser.MarkDocumentAsync();

        await File.WriteAllTextAsync(go, "");
        var line = page.Locator("[data-log] .line .m").Filter(new() { HasTextString = "bold?" });
        await Assertions.Expect(line).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".task-head [data-state]").First).ToHaveAttributeAsync("data-state", "succeeded");
        Assert.True(await _browser.SameDocumentAsync(), "the log line should have arrived live");
        await AssertInertAsync(page, "the task page, live");
        Assert.Equal(LogLine, await line.TextContentAsync());

        await page.ReloadAsync();
        await AssertInertAsync(page, "the task page, server-rendered");
        Assert.Equal(LogLine, await page.Locator("[data-log] .line .m").Filter(new() { HasTextString = "bold?" }).TextContentAsync());

        await page.GotoAsync("/");
        Assert.Equal(Title, await page.Locator($"tr[data-task-id='{id}'] [data-title]").TextContentAsync());
        await AssertInertAsync(page, "the task list");

        Assert.Empty(_browser.Dialogs);
        Assert.DoesNotContain(_browser.Console, m => m.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TaskPrintsPlantedSecret_NoPageHoldsIt()
    {
        await _server.Secrets.SetAsync(SecretName, SecretValue, CancellationToken.None);
        var spec = _server.Spec("Print the planted secret", """
            echo "raw: $PLANTED_TOKEN"
            echo "on stderr: $PLANTED_TOKEN" >&2
            echo "base64: $(printf '%s' "$PLANTED_TOKEN" | base64 -w0)"
            """, verify: "echo \"the check saw $PLANTED_TOKEN\"", extra: $"secrets: [{SecretName}]");
        var id = (await _server.SubmitAsync(spec)).GetProperty("id").GetInt64();
        var page = _browser.Page;
        await _browser.SignInAsync(_server.Token(TokenScope.Admin), $"/tasks/{id}");
        await Assertions.Expect(page.Locator(".task-head [data-state]").First).ToHaveAttributeAsync("data-state", "succeeded");
        await Assertions.Expect(page.Locator("[data-log]")).ToContainTextAsync($"[redacted:{SecretName}]");

        var leaks = new List<string>();
        leaks.AddRange(SecretTrace.FindIn(await page.ContentAsync(), SecretValue, $"/tasks/{id} (live)"));
        foreach (var path in new[] { $"/tasks/{id}", "/", "/inbox", "/schedules", "/fleets", "/secrets" })
        {
            await page.GotoAsync(path);
            leaks.AddRange(SecretTrace.FindIn(await page.ContentAsync(), SecretValue, path));
        }

        Assert.Empty(leaks);
        await Assertions.Expect(page.Locator("[data-secrets]")).ToContainTextAsync(SecretName);
    }

    private static async Task AssertInertAsync(IPage page, string where)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), $"{where}: a script of the data ran");
        Assert.Equal(0, await page.Locator("main script, main img[src=x], main b:has-text('bold?')").CountAsync());
        Assert.Contains("<script>", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }
}
