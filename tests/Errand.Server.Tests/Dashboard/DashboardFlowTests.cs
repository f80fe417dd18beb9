using System.Text.RegularExpressions;
using Errand.Agents.Tests.Support;
using Errand.Server.Tests.Support;
using Errand.Tasks;
using Errand.Tokens;
using Microsoft.Playwright;

namespace Errand.Server.Tests.Dashboard;

/// <summary>
/// The dashboard end to end in Debian's Chromium: a real server on loopback, a real SQLite store and git repository, a
/// real worker running the builtin agent against the scripted model server over the OpenAI wire. A person signs in,
/// submits a task, watches it run on the same page (no reload), answers its question in the inbox and sees it succeed
/// with its checks and diff.
/// </summary>
public sealed class DashboardFlowTests : IAsyncLifetime
{
    private DashboardTestbed _bed = null!;

    public async ValueTask InitializeAsync()
    {
        _bed = await DashboardTestbed.StartAsync(
        [
            FakeTurn.Call("ask_human", new { question = "Which greeting should greeting.txt hold?", options = new[] { "hello", "hi" } }),
            FakeTurn.Call("write_file", new { path = "greeting.txt", content = "hello\n" }),
            FakeTurn.Call("finish", new { summary = "greeting.txt says hello, as asked" }),
        ]);
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    private ServerHarness Server => _bed.Server;

    private BrowserSession Browser => _bed.Browser;

    [Fact]
    public async Task SubmitTask_WatchLive_AnswerInInbox_SucceedsWithDiffAndChecks()
    {
        var page = Browser.Page;
        await Browser.SignInAsync(Server.Token(TokenScope.Admin));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Tasks");

        await page.ClickAsync("summary:has-text('New task')");
        await page.FillAsync("#spec", Spec());
        await page.ClickAsync("form[data-new-task] button[type=submit]");
        await Browser.ExpectUrlAsync(new Regex("/tasks/[0-9]+$"));
        var id = long.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("h1 [data-title]")).ToHaveTextAsync("Write the greeting");

        // Live: the same document (never reloaded) shows the task reach its question, its timeline growing as it goes.
        await Browser.MarkDocumentAsync();
        await Assertions.Expect(page.Locator(".task-head [data-state]").First).ToHaveAttributeAsync("data-state", "waiting_for_human");
        await Assertions.Expect(page.Locator("[data-timeline] li.k-tool_call").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-question]")).ToContainTextAsync("Which greeting should greeting.txt hold?");
        Assert.True(await Browser.SameDocumentAsync(), "the task page was reloaded instead of updated live");

        // The inbox holds the question; answering it there resumes the task.
        await page.ClickAsync(".top nav a[href='/inbox']");
        var question = page.Locator($"[data-question='{id}']");
        await Assertions.Expect(question).ToContainTextAsync("Which greeting should greeting.txt hold?");
        await Assertions.Expect(page.Locator(".top nav a[href='/inbox'] .count")).ToHaveTextAsync("1");
        await question.Locator("button[value=hello]").ClickAsync();
        await Browser.ExpectUrlAsync(new Regex("/inbox$"));
        await Assertions.Expect(question).ToHaveCountAsync(0);

        // The task list follows it live to the end.
        await page.GotoAsync("/");
        await Browser.MarkDocumentAsync();
        var row = page.Locator($"tr[data-task-id='{id}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "succeeded");
        Assert.True(await Browser.SameDocumentAsync(), "the task list was reloaded instead of updated live");

        // Its page: the check Errand ran, the evidence, the diff, the cost.
        await row.Locator("a[data-title]").ClickAsync();
        await Assertions.Expect(page.Locator(".task-head [data-state]").First).ToHaveAttributeAsync("data-state", "succeeded");
        await Assertions.Expect(page.Locator("[data-check=greeting] td.pass")).ToHaveTextAsync("passed");
        await Assertions.Expect(page.Locator("[data-evidence] li.verified")).ToContainTextAsync("greeting.txt says hello");
        await Assertions.Expect(page.Locator("[data-diffstat]")).ToContainTextAsync("greeting.txt");
        await Assertions.Expect(page.Locator("[data-diff] .add").Filter(new() { HasTextString = "+hello" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-cost]")).Not.ToHaveTextAsync("$0.0000");
        await Assertions.Expect(page.Locator("[data-timeline]")).ToContainTextAsync("hello");

        var task = (await Server.Store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(TaskState.Succeeded, task.State);
        Assert.Empty(Browser.Dialogs);
        Assert.Empty(Browser.Errors);
    }

    private string Spec() => $$"""
        ---
        title: Write the greeting
        repo: {{Server.Repo.RepoPath}}
        agent: builtin
        model: openai/fake-gpt
        verify:
          - name: greeting
            run: test "$(cat greeting.txt)" = hello
        sandbox:
          backend: none
          network: open
        budget: { steps: 10, cost: 1.00 }
        ---
        Ask which greeting to use, then write it to greeting.txt.

        ## Done when
        - greeting.txt says hello
        """;
}
