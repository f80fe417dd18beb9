using System.Net;
using Errand.Server.Tests.Support;
using Errand.Tasks;
using Errand.Tokens;

namespace Errand.Server.Tests.Dashboard;

/// <summary>
/// The dashboard's sign-in cookie and forms over real HTTP: the cookie's attributes, a revoked token's cookie sent back
/// to sign in, forms refused without their antiforgery token, a wrong scope refused with a 403 page, and the JSON API
/// never acting on the cookie alone.
/// </summary>
public sealed class DashboardAuthTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Page_WithoutToken_RedirectsToSignInWithWhereItWasGoing()
    {
        using var browser = new DashboardClient(_server.Address);

        using var response = await browser.Http.GetAsync(new Uri("/inbox?x=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?next=%2Finbox%3Fx%3D1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_ValidToken_SetsHttpOnlyStrictCookieAndOpensPages()
    {
        using var browser = new DashboardClient(_server.Address);

        using var signIn = await browser.SignInAsync(_server.Token(TokenScope.Read));

        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("errand_token=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        using var list = await browser.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("default-src 'none'", list.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_UnknownToken_Refused()
    {
        using var browser = new DashboardClient(_server.Address);

        using var response = await browser.SignInAsync(ApiTokens.Generate());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("unknown or revoked", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(browser.Cookies.GetCookies(_server.Address), c => c.Name == "errand_token");
    }

    [Fact]
    public async Task Cookie_OfRevokedToken_SentToSignInAndDropped()
    {
        using var browser = new DashboardClient(_server.Address);
        using (await browser.SignInAsync(_server.Token(TokenScope.Read)))
        {
        }

        Assert.True(await _server.Store.RevokeTokenAsync("test-read", CancellationToken.None));
        using var response = await browser.Http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?next=%2F&expired=1", response.Headers.Location?.OriginalString);
        Assert.DoesNotContain(browser.Cookies.GetCookies(_server.Address), c => c.Name == "errand_token");
    }

    [Fact]
    public async Task Form_WithoutAntiforgeryToken_RefusedAndNothingChanges()
    {
        var id = (await _server.SubmitAsync(_server.Spec("Stays queued", "true"))).GetProperty("id").GetInt64();
        using var browser = new DashboardClient(_server.Address);
        using (await browser.SignInAsync(_server.Token(TokenScope.Admin)))
        {
        }

        using var forged = await browser.PostAsync($"/tasks/{id}/cancel", formToken: null);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(TaskState.Queued, (await _server.Store.GetAsync(id, CancellationToken.None))!.State);

        using var real = await browser.PostAsync($"/tasks/{id}/cancel", await browser.FormTokenAsync($"/tasks/{id}"));
        Assert.Equal(HttpStatusCode.SeeOther, real.StatusCode);
        Assert.Equal(TaskState.Cancelled, (await _server.Store.GetAsync(id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Action_WrongScope_Shows403PageAndNothingChanges()
    {
        var id = (await _server.SubmitAsync(_server.Spec("Stays queued", "true"))).GetProperty("id").GetInt64();
        using var browser = new DashboardClient(_server.Address);
        using (await browser.SignInAsync(_server.Token(TokenScope.Read)))
        {
        }

        var page = await browser.Http.GetStringAsync(new Uri($"/tasks/{id}", UriKind.Relative));
        Assert.DoesNotContain($"action=\"/tasks/{id}/cancel\"", page, StringComparison.Ordinal);
        using var response = await browser.PostAsync($"/tasks/{id}/cancel", await browser.FormTokenAsync($"/tasks/{id}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("does not allow", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(TaskState.Queued, (await _server.Store.GetAsync(id, CancellationToken.None))!.State);
        using var secrets = await browser.Http.GetAsync(new Uri("/secrets", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, secrets.StatusCode);
    }

    [Fact]
    public async Task JsonApiPost_WithCookieOnly_Returns401()
    {
        var id = (await _server.SubmitAsync(_server.Spec("Stays queued", "true"))).GetProperty("id").GetInt64();
        using var browser = new DashboardClient(_server.Address);
        using (await browser.SignInAsync(_server.Token(TokenScope.Admin)))
        {
        }

        using var read = await browser.Http.GetAsync(new Uri($"/api/tasks/{id}", UriKind.Relative));
        using var cancel = await browser.Http.PostAsync(new Uri($"/api/tasks/{id}/cancel", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, cancel.StatusCode);
        Assert.Equal(TaskState.Queued, (await _server.Store.GetAsync(id, CancellationToken.None))!.State);
    }
}
