using System.Net.Http.Json;
using Errand.Agents.Tests.Support;
using Errand.Server.Tests.Support;
using Errand.Tasks;
using Errand.Tokens;
using Microsoft.Playwright;

namespace Errand.Server.Tests.Dashboard;

/// <summary>
/// Screenshots of the main pages over a server with real work in it (a task that succeeded with a diff, one that
/// failed its check, one running, one waiting on a question, a schedule that fired, a fleet under way), written to
/// <c>ERRAND_SCREENSHOTS_DIR</c> (scripts/dashboard-screenshots.sh points it at docs/dashboard) or to a temporary
/// directory, so the regular suite checks the pages render in Chromium without touching the docs.
/// </summary>
[Trait("Category", "Screenshots")]
public sealed class DashboardScreenshotTests : IAsyncLifetime
{
    private DashboardTestbed _bed = null!;

    public async ValueTask InitializeAsync()
    {
        _bed = await DashboardTestbed.StartAsync(
        [
            FakeTurn.Call("read_file", new { path = "README.md" }),
            FakeTurn.Call("ask_human", new
            {
                question = "The README has no install section. Add one for apt and one for Homebrew, or only apt?",
                options = new[] { "apt and Homebrew", "only apt" },
                @default = "only apt",
            }),
        ], width: 1360, height: 860);
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    private ServerHarness Server => _bed.Server;

    private BrowserSession Browser => _bed.Browser;

    [Fact]
    public async Task MainPages_RenderedInChromium_SavedAsPng()
    {
        var directory = Environment.GetEnvironmentVariable("ERRAND_SCREENSHOTS_DIR") is { Length: > 0 } dir
            ? dir
            : Directory.CreateTempSubdirectory("errand-screens-").FullName;
        Directory.CreateDirectory(directory);
        var release = Path.Combine(Server.Repo.Root, "release");
        var submit = Server.Client(TokenScope.Admin);

        var ok = await SubmitAsync("Fix the flaky ISO date test", """
            mkdir -p src
            printf 'public static class DateParser\n{\n    public static DateTime Parse(string s) =>\n        DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);\n}\n' > src/DateParser.cs
            echo "parsing with the invariant culture and round-trip kind"
            """, verify: "grep -q RoundtripKind src/DateParser.cs");
        var failed = await SubmitAsync("Bump Serilog to 4.1", "echo 'restoring packages'; echo 'Serilog 4.1.0 needs net8.0 or later' >&2", verify: "false");
        var running = await SubmitAsync("Triage new issues", $"echo 'reading 14 new issues'; while [ ! -e {release} ]; do sleep 0.2; done");
        var asking = await Server.SubmitAsync($"""
            ---
            title: Add an install section to the README
            repo: {Server.Repo.RepoPath}
            agent: builtin
            model: openai/fake-gpt
            verify: [ "test -f README.md" ]
            sandbox: {"{"} backend: none, network: open {"}"}
            budget: {"{"} steps: 20, cost: 0.50 {"}"}
            ---
            Add an install section.
            """);
        using (var schedule = await submit.PostAsJsonAsync("/api/schedules", new Dictionary<string, object?>
        {
            ["name"] = "weekday-deps",
            ["cron"] = "0 6 * * 1-5",
            ["time_zone"] = "Europe/Berlin",
            ["spec"] = Server.Spec("Update dependencies, run the tests", "echo 'nothing to update'"),
        }))
        {
            Assert.True(schedule.IsSuccessStatusCode, await schedule.Content.ReadAsStringAsync());
        }

        using (await submit.PostAsync(new Uri("/api/schedules/weekday-deps/trigger", UriKind.Relative), null))
        {
        }

        long fleet;
        using (var created = await submit.PostAsJsonAsync("/api/fleets", new
        {
            spec = Server.Spec("Migrate {{slice}} to the new HTTP client", "echo migrating", extra: "fleet:\n  slices: [billing, catalog, checkout, search, accounts, shipping]\n  max_parallel: 2"),
        }))
        {
            var body = System.Text.Json.JsonElement.Parse(await created.Content.ReadAsStringAsync());
            fleet = body.GetProperty("id").GetInt64();
        }

        await Server.WaitForAsync(ok, t => t.State.IsTerminal());
        await Server.WaitForAsync(failed, t => t.State.IsTerminal());
        await Server.WaitForAsync(running, t => t.State == TaskState.Running);
        await Server.WaitForAsync(asking.GetProperty("id").GetInt64(), t => t.State == TaskState.WaitingForHuman);

        var page = Browser.Page;
        await Browser.SignInAsync(Server.Token(TokenScope.Admin));
        await ShotAsync(page, "/", directory, "tasks.png");
        await ShotAsync(page, $"/tasks/{ok}", directory, "task.png");
        await ShotAsync(page, "/inbox", directory, "inbox.png");
        await ShotAsync(page, "/schedules", directory, "schedules.png");
        await ShotAsync(page, "/fleets", directory, "fleets.png");
        await ShotAsync(page, $"/fleets/{fleet}", directory, "fleet.png");
        await File.WriteAllTextAsync(release, "");

        foreach (var name in new[] { "tasks.png", "task.png", "inbox.png", "schedules.png", "fleets.png", "fleet.png" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(directory, name));
            Assert.True(bytes.Length > 10_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', $"{name}: {bytes.Length} bytes");
        }

        Assert.Empty(Browser.Errors);
    }

    private async Task<long> SubmitAsync(string title, string command, string verify = "true") =>
        (await Server.SubmitAsync(Server.Spec(title, command, verify))).GetProperty("id").GetInt64();

    private static async Task ShotAsync(IPage page, string path, string directory, string name)
    {
        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator("main h1").First).ToBeVisibleAsync();
        // Times are filled in by the page's script; wait for it, so the picture shows what a person sees.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('time[datetime]')].every(t => !t.textContent.endsWith('Z'))");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name), FullPage = true });
    }
}
