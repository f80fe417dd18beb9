using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Errand.Server.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (headless, nothing downloaded), on one page of a fresh browser context against
/// a test server. Every dialog, console message and page error is recorded, so a test can assert that no script of
/// the page's data ever ran.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
        Page = page;
        page.Dialog += (_, dialog) =>
        {
            Dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.Console += (_, message) => Console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => Errors.Add(error);
    }

    public IPage Page { get; }

    public ConcurrentBag<string> Dialogs { get; } = [];

    public ConcurrentBag<string> Console { get; } = [];

    public ConcurrentBag<string> Errors { get; } = [];

    public static async Task<BrowserSession> StartAsync(Uri server, int width = 1440, int height = 900)
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
        return new BrowserSession(playwright, browser, context, await context.NewPageAsync());
    }

    /// <summary>Signs in through the sign-in page (reached by asking for <paramref name="path"/>), landing on it.</summary>
    public async Task SignInAsync(string token, string path = "/")
    {
        await Page.GotoAsync(path);
        Assert.Contains("/signin", Page.Url, StringComparison.Ordinal);
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("button[type=submit]");
        await Page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
    }

    /// <summary>
    /// Waits for the page to reach a URL matching <paramref name="url"/>; when it does not, fails with where it is instead
    /// and what it shows, so a failure on a loaded machine says why (an error page, a form sent back with findings).
    /// </summary>
    public async Task ExpectUrlAsync(Regex url)
    {
        try
        {
            await Page.WaitForURLAsync(url);
        }
        catch (TimeoutException)
        {
            var text = await Page.Locator("body").InnerTextAsync(new() { Timeout = 5000 });
            Assert.Fail($"expected a page at {url}, still at {Page.Url}; errors: [{string.Join("; ", Errors)}]; the page reads:\n{text}");
        }
    }

    /// <summary>Marks the current document; <see cref="SameDocumentAsync"/> then tells whether it was reloaded since.</summary>
    public Task MarkDocumentAsync() => Page.EvaluateAsync("() => { window.__errandMark = 'unchanged'; }");

    public async Task<bool> SameDocumentAsync() => await Page.EvaluateAsync<string?>("() => window.__errandMark ?? null") == "unchanged";

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
