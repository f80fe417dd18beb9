using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Errand.Fleets;
using Errand.Server.Tests.Support;
using Errand.Tasks;
using Errand.Tokens;
using Microsoft.Playwright;

namespace Errand.Server.Tests.Dashboard;

/// <summary>
/// A fleet planner's proposal edited in the decision inbox, in Debian's Chromium: a real server with a worker, a command
/// planner printing three slices, a person who first sends a bad list (a duplicate: refused on the page with why, the
/// text kept, nothing changed), then their own two slices, and exactly those two run.
/// </summary>
public sealed class DashboardSlicesEditTests : IAsyncLifetime
{
    private DashboardTestbed _bed = null!;

    public async ValueTask InitializeAsync() => _bed = await DashboardTestbed.StartAsync([]);

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    private ServerHarness Server => _bed.Server;

    private BrowserSession Browser => _bed.Browser;

    [Fact]
    public async Task InboxEdit_BadListRefusedAndKept_EditedListRunsExactlyThoseSlices()
    {
        var spec = Server.Spec("Migrate {{slice}}", "mkdir -p {{slice}} && echo done > {{slice}}/done.txt", extra: """
            fleet:
              planner:
                agent: command
                command: echo '["src/A", "src/B", "src/C"]'
                max_slices: 3
              fan_in: report
            """);
        using var created = await Server.Client(TokenScope.Submit).PostAsJsonAsync("/api/fleets", new { spec });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, body);
        var fleetId = JsonElement.Parse(body).GetProperty("id").GetInt64();
        var plannerId = (await Server.Store.GetFleetAsync(fleetId, CancellationToken.None))!.PlannerTaskId!.Value;
        await Server.WaitForAsync(plannerId, t => t.State == TaskState.WaitingForHuman);

        var page = Browser.Page;
        await Browser.SignInAsync(Server.Token(TokenScope.Admin), "/inbox");
        var box = page.Locator($"[data-question='{plannerId}']");
        await Assertions.Expect(box.Locator("[data-proposal] li")).ToHaveTextAsync(["src/A", "src/B", "src/C"]);
        await box.Locator("[data-edit] summary").ClickAsync();
        var edit = box.Locator("[data-edit-form] textarea");
        await Assertions.Expect(edit).ToHaveValueAsync("src/A\nsrc/B\nsrc/C");

        // A duplicate: refused with the API's words, on the inbox, with the text as typed still in the box.
        const string bad = "src/C\nsrc/D\nsrc/C";
        await edit.FillAsync(bad);
        await box.Locator("[data-edit-form] button[type=submit]").ClickAsync();
        box = page.Locator($"[data-question='{plannerId}']");
        await Assertions.Expect(box.Locator("[data-answer-problem]")).ToContainTextAsync("slice 'src/C' is proposed twice (items 1 and 3)");
        await Assertions.Expect(box.Locator("[data-edit-form] textarea")).ToHaveValueAsync(bad);
        Assert.Equal(TaskState.WaitingForHuman, (await Server.Store.GetAsync(plannerId, CancellationToken.None))!.State);

        // The fix, sent from the same box: exactly these run.
        await box.Locator("[data-edit-form] textarea").FillAsync("src/C\nsrc/D");
        await box.Locator("[data-edit-form] button[type=submit]").ClickAsync();
        await Browser.ExpectUrlAsync(new Regex("/inbox$"));
        await Assertions.Expect(page.Locator($"[data-question='{plannerId}']")).ToHaveCountAsync(0);

        using var deadline = new CancellationTokenSource(ServerHarness.Patience);
        var fleet = await Server.Store.GetFleetAsync(fleetId, CancellationToken.None);
        while (fleet!.State is not (FleetState.Succeeded or FleetState.Failed or FleetState.Cancelled))
        {
            var seen = Server.Store.JournalVersion;
            await Server.Store.WaitForJournalAsync(seen, TimeSpan.FromSeconds(1), deadline.Token);
            fleet = await Server.Store.GetFleetAsync(fleetId, CancellationToken.None);
        }

        var planner = (await Server.Store.GetAsync(plannerId, CancellationToken.None))!;
        Assert.True(fleet.State == FleetState.Succeeded, $"fleet {fleet.State}: {fleet.Reason}; planner {planner.State}: {planner.Reason}");
        var slices = await Server.Store.ListSlicesAsync(fleetId, CancellationToken.None);
        Assert.Equal(["src/C", "src/D"], slices.Select(s => s.Value));
        Assert.All(slices, s => Assert.Equal(SliceState.Succeeded, s.State));
        await page.GotoAsync($"/fleets/{fleetId}");
        await Assertions.Expect(page.Locator("[data-slices] tbody tr td.mono")).ToHaveTextAsync(["src/C", "src/D"]);
        Assert.Empty(Browser.Dialogs);
        Assert.Empty(Browser.Errors);
    }
}
