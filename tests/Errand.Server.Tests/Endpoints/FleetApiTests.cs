using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Errand.Server.Tests.Support;
using Errand.Tokens;

namespace Errand.Server.Tests.Endpoints;

/// <summary>/api/fleets over real HTTP: run, list, show and cancel a fleet, as <c>errand fleet</c> does.</summary>
public sealed class FleetApiTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Fleet_RunListShowCancel_AsTheCliDoes()
    {
        var submit = _server.Client(TokenScope.Submit);
        var spec = _server.Spec("Shout {{slice}}", "true", extra: "fleet:\n  slices: [a, b, c]\n  max_parallel: 1");

        using var created = await submit.PostAsJsonAsync("/api/fleets", new { spec });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var id = JsonElement.Parse(body).GetProperty("id").GetInt64();

        var listed = await _server.Client(TokenScope.Read).GetFromJsonAsync<JsonElement>("/api/fleets?limit=5");
        Assert.Equal(id, listed.EnumerateArray().Single().GetProperty("id").GetInt64());
        var shown = await _server.Client(TokenScope.Read).GetFromJsonAsync<JsonElement>($"/api/fleets/{id}");
        Assert.Equal(["Shout a", "Shout b", "Shout c"], shown.GetProperty("slices").EnumerateArray().Select(s => s.GetProperty("title").GetString()));

        using (var cancelled = await submit.PostAsJsonAsync($"/api/fleets/{id}/cancel", new { reason = "not today" }))
        {
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }

        Assert.Equal("cancelled", (await _server.Client(TokenScope.Read).GetFromJsonAsync<JsonElement>($"/api/fleets/{id}")).GetProperty("state").GetString());
        using var again = await submit.PostAsJsonAsync($"/api/fleets/{id}/cancel", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Run_SingleTaskSpec_Returns400NamingFleet()
    {
        using var response = await _server.Client(TokenScope.Submit).PostAsJsonAsync("/api/fleets", new { spec = _server.Spec("Lonely", "true") });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.GetProperty("errors").TryGetProperty("spec.fleet", out _), problem.ToString());
    }

    [Fact]
    public async Task Show_UnknownFleet_Returns404()
    {
        using var response = await _server.Client(TokenScope.Read).GetAsync(new Uri("/api/fleets/999", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no fleet #999", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
