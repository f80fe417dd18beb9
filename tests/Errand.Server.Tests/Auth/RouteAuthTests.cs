using System.Net;
using Errand.Server.Auth;
using Errand.Server.Dashboard;
using Errand.Server.Tests.Support;
using Errand.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Errand.Server.Tests.Auth;

/// <summary>
/// Walks the server's route table: every route (but /healthz, the dashboard's sign-in and sign-out and its static
/// assets) refuses a request without a token (401 with a Bearer challenge; a dashboard page sends the browser to the
/// sign-in page instead), with an unknown token (401) and with a token of a scope it does not allow (403). A route
/// added later is walked too, so it cannot ship unprotected.
/// </summary>
public sealed class RouteAuthTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task EveryRoute_WithoutToken_Returns401WithBearerChallengeOrSignInRedirect()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 15, $"only {routes.Count} routes found");
        Assert.Contains(routes, r => r.Dashboard);
        var client = _server.Client(null);
        foreach (var route in routes)
        {
            using var response = await client.SendAsync(route.Request());

            if (route.Dashboard)
            {
                Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"{route}: {(int)response.StatusCode}");
                Assert.StartsWith("/signin?next=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route}: {(int)response.StatusCode}");
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }
    }

    [Fact]
    public async Task EveryRoute_UnknownOrMalformedToken_Returns401()
    {
        var unknown = _server.ClientWith(ApiTokens.Generate());
        var malformed = _server.ClientWith("not-a-token");
        foreach (var route in Routes())
        {
            using var first = await unknown.SendAsync(route.Request());
            using var second = await malformed.SendAsync(route.Request());

            Assert.True(first.StatusCode == HttpStatusCode.Unauthorized, $"{route}: {(int)first.StatusCode}");
            Assert.True(second.StatusCode == HttpStatusCode.Unauthorized, $"{route}: {(int)second.StatusCode}");
        }
    }

    [Fact]
    public async Task EveryRoute_WrongScope_Returns403()
    {
        foreach (var route in Routes())
        {
            var wrong = Enum.GetValues<TokenScope>().Where(s => !route.Allowed.Any(a => s.Grants(a))).ToList();
            Assert.True(wrong.Count > 0, $"{route} is open to every scope; give it one");
            foreach (var scope in wrong)
            {
                using var response = await _server.Client(scope).SendAsync(route.Request());

                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} with a {scope.ToWireName()} token: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task Healthz_WithoutToken_Ok()
    {
        using var response = await _server.Client(null).GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RevokedToken_Returns401()
    {
        var client = _server.Client(TokenScope.Read);
        using (var before = await client.GetAsync(new Uri("/api/tasks", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.True(await _server.Store.RevokeTokenAsync("test-read", CancellationToken.None));

        using var after = await client.GetAsync(new Uri("/api/tasks", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task AdminToken_PassesEveryRoutesAuthorization()
    {
        var admin = _server.Client(TokenScope.Admin);
        foreach (var route in Routes().Where(r => !r.Template.EndsWith("/events", StringComparison.Ordinal) && !r.Template.EndsWith("/stream", StringComparison.Ordinal)))
        {
            using var response = await admin.SendAsync(route.Request());

            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{route}: {(int)response.StatusCode}");
        }
    }

    private List<Route> Routes()
    {
        var routes = new List<Route>();
        foreach (var endpoint in _server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                // The only routes open without a token: they show nothing of Errand's tasks, secrets or settings.
                Assert.Contains(endpoint.RoutePattern.RawText, (string[])["/healthz", "/signin", "/signout", "/assets/{name}"]);
                continue;
            }

            var allowed = endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>()
                .SelectMany(p => p.Requirements.OfType<ScopeRequirement>())
                .SelectMany(r => r.Scopes)
                .ToList();
            if (allowed.Count == 0)
            {
                allowed = [.. ScopePolicies.Default.Requirements.OfType<ScopeRequirement>().SelectMany(r => r.Scopes)];
            }

            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                routes.Add(new Route(method, endpoint.RoutePattern.RawText!, allowed, endpoint.Metadata.GetMetadata<DashboardPage>() is not null));
            }
        }

        return routes;
    }

    private sealed record Route(string Method, string Template, IReadOnlyList<TokenScope> Allowed, bool Dashboard)
    {
        public HttpRequestMessage Request()
        {
            var path = System.Text.RegularExpressions.Regex.Replace(Template, "{([^}:]+)(:[^}]+)?}", m => m.Groups[2].Value == ":long" ? "1" : "x");
            var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(path.StartsWith('/') ? path : "/" + path, UriKind.Relative));
            if (Method is "POST" or "PUT" or "PATCH")
            {
                // What a client of the route sends: JSON to the API, a form to the dashboard (whose routes accept nothing else).
                request.Content = Dashboard
                    ? new FormUrlEncodedContent([new("answer", "x")])
                    : new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            return request;
        }

        public override string ToString() => $"{Method} {Template}";
    }
}
