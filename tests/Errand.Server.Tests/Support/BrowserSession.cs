using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Errand.Server.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (headless, nothing downloaded), on one page of a fresh browser context against
/// a test server. Every dialog, console message and page error is recorded, so a test can assert that no script of
/// the page's data ever ran.
/// </summary>
internal sealed partial class BrowserSession : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, Timeline timeline)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
        Page = page;
        Timeline = timeline;
        Follow(page, timeline);
        page.Dialog += (_, dialog) =>
        {
            Dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.Console += (_, message) => Console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => Errors.Add(error);
    }

    public IPage Page { get; }

    /// <summary>The server's timeline, with what Chromium did on it.</summary>
    public Timeline Timeline { get; }

    public ConcurrentBag<string> Dialogs { get; } = [];

    public ConcurrentBag<string> Console { get; } = [];

    public ConcurrentBag<string> Errors { get; } = [];

    public static async Task<BrowserSession> StartAsync(Uri server, Timeline timeline, int width = 1440, int height = 900)
    {
        // Installed by scripts/install-test-deps.sh (apt: chromium); a missing browser fails the test, it never skips it.
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/install-test-deps.sh (Debian package chromium)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = ColorScheme.Light,
        });
        // A loaded machine (parallel builds, other suites) makes pages slow; every wait is on an element, bounded by this.
        context.SetDefaultTimeout((float)ServerHarness.Patience.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)ServerHarness.Patience.TotalMilliseconds);
        Assertions.SetDefaultExpectTimeout((float)ServerHarness.Patience.TotalMilliseconds);
        return new BrowserSession(playwright, browser, context, await context.NewPageAsync(), timeline);
    }

    /// <summary>Signs in through the sign-in page (reached by asking for <paramref name="path"/>), landing on it.</summary>
    public async Task SignInAsync(string token, string path = "/")
    {
        await Page.GotoAsync(path);
        Assert.Contains("/signin", Page.Url, StringComparison.Ordinal);
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("button[type=submit]");
        await Assertions.Expect(Page).Not.ToHaveURLAsync(SignInPage());
    }

    /// <summary>
    /// Waits for the page to reach a URL matching <paramref name="url"/>; when it does not, fails with where it is instead
    /// and what it shows, so a failure on a loaded machine says why (an error page, a form sent back with findings).
    /// </summary>
    /// <remarks>
    /// Never <c>Page.WaitForURLAsync</c> (nor WaitForLoadStateAsync/WaitForNavigationAsync): Microsoft.Playwright 1.64's
    /// client checks its record of the page's load states, then subscribes to the next one, while another thread delivers
    /// them; a <c>load</c> landing between the two is lost and the wait runs out its whole timeout on a loaded page
    /// (microsoft/playwright-dotnet#3364). The URL assertion is polled by the driver: nothing to lose. A click that
    /// submits a form already waits for the new document to commit, and every later step waits for its element. The
    /// build refuses those waits (BannedSymbols.txt).
    /// </remarks>
    public async Task ExpectUrlAsync(Regex url)
    {
        try
        {
            await Assertions.Expect(Page).ToHaveURLAsync(url);
        }
        catch (PlaywrightException)
        {
            var text = await Page.Locator("body").InnerTextAsync(new() { Timeout = 5000 });
            Assert.Fail($"expected a page at {url}, still at {Page.Url}; errors: [{string.Join("; ", Errors)}]; the page reads:\n{text}");
        }
    }

    // Every request with its resource type and its end as Chromium saw it, and the page's lifecycle: with the server's
    // side on the same timeline, a navigation that never loads shows what it waited for.
    private static void Follow(IPage page, Timeline timeline)
    {
        page.Request += (_, r) => timeline.Add($"browser > {r.Method} {Local(r.Url)} ({r.ResourceType}{(r.IsNavigationRequest ? ", navigation" : "")})");
        page.Response += (_, r) => timeline.Add($"browser   {r.Status} {r.Request.Method} {Local(r.Url)} (headers)");
        page.RequestFinished += (_, r) => timeline.Add($"browser < {r.Method} {Local(r.Url)} finished");
        page.RequestFailed += (_, r) => timeline.Add($"browser < {r.Method} {Local(r.Url)} failed: {r.Failure}");
        page.FrameNavigated += (_, f) =>
        {
            if (f.ParentFrame is null)
            {
                timeline.Add($"page    navigated to {Local(f.Url)}");
            }
        };
        page.DOMContentLoaded += (_, p) => timeline.Add($"page    DOMContentLoaded {Local(p.Url)}");
        page.Load += (_, p) => timeline.Add($"page    load {Local(p.Url)}");
        page.Console += (_, m) => timeline.Add($"page    console {m.Type}: {m.Text}");
        page.PageError += (_, e) => timeline.Add($"page    error: {e}");
    }

    private static string Local(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && u.IsLoopback ? u.PathAndQuery : url;

    // After a failure: where the page is and how far it loaded, by the page's own account.
    private async Task NoteStateAsync()
    {
        try
        {
            var state = await Page.EvaluateAsync<string>("""
                () => {
                  const n = performance.getEntriesByType('navigation')[0];
                  const at = (v) => Math.round(v ?? -1);
                  return `${location.pathname} readyState=${document.readyState}`
                    + (n ? ` response ${at(n.responseStart)}-${at(n.responseEnd)} ms, DOMContentLoaded ${at(n.domContentLoadedEventEnd)}, load ${at(n.loadEventStart)}` : '')
                    + ' resources: ' + performance.getEntriesByType('resource').map((e) => `${new URL(e.name).pathname} ${at(e.startTime)}-${at(e.responseEnd)}`).join(', ');
                }
                """).WaitAsync(TimeSpan.FromSeconds(10));
            Timeline.Add($"page    state at the end: {state}");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            Timeline.Add($"page    state unknown: {e.Message}");
        }
    }

    /// <summary>Marks the current document; <see cref="SameDocumentAsync"/> then tells whether it was reloaded since.</summary>
    public Task MarkDocumentAsync() => Page.EvaluateAsync("() => { window.__errandMark = 'unchanged'; }");

    public async Task<bool> SameDocumentAsync() => await Page.EvaluateAsync<string?>("() => window.__errandMark ?? null") == "unchanged";

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result != TestResult.Passed)
        {
            await NoteStateAsync();
        }

        await _context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [GeneratedRegex("/signin")]
    private static partial Regex SignInPage();
}
