using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Errand.Server.Tests.Support;
using Errand.Tokens;

namespace Errand.Server.Tests.Endpoints;

/// <summary>The rest of what the CLI does, over real HTTP: limits, notifications, lint, batches, wait, show with links.</summary>
public sealed class OperationsApiTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Limits_SetListRemove_AdminChangesReadLists()
    {
        var admin = _server.Client(TokenScope.Admin);
        using (var set = await admin.PutAsJsonAsync("/api/limits", new { repo = _server.Repo.RepoPath, max = 2 }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        using (var global = await admin.PutAsJsonAsync("/api/limits", new { global = true, max = 8 }))
        {
            Assert.Equal(HttpStatusCode.OK, global.StatusCode);
        }

        var limits = await _server.Client(TokenScope.Read).GetFromJsonAsync<JsonElement>("/api/limits");
        Assert.Equal(2, limits.GetArrayLength());
        Assert.Contains(limits.EnumerateArray(), l => l.GetProperty("scope").GetString() == "global" && l.GetProperty("max_running").GetInt32() == 8);

        using (var removed = await admin.DeleteAsync(new Uri("/api/limits?global=true", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        Assert.Single(await _server.Store.ListLimitsAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"max": 2}""", "scope")]
    [InlineData("""{"global": true, "repo": "/x", "max": 2}""", "scope")]
    [InlineData("""{"repo": "relative/repo", "max": 2}""", "repo")]
    [InlineData("""{"global": true}""", "max")]
    [InlineData("""{"global": true, "max": 0}""", "max")]
    public async Task Limits_BadInput_Returns400NamingTheField(string json, string field)
    {
        using var response = await _server.Client(TokenScope.Admin).PutAsync(
            new Uri("/api/limits", UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await AssertInvalidAsync(response, field);
    }

    [Fact]
    public async Task Notifications_ListFailedAndRetry()
    {
        var read = _server.Client(TokenScope.Read);
        Assert.Equal(0, (await read.GetFromJsonAsync<JsonElement>("/api/notifications?failed=true")).GetArrayLength());

        using var none = await _server.Client(TokenScope.Admin).PostAsync(new Uri("/api/notifications/999/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        using var all = await _server.Client(TokenScope.Admin).PostAsync(new Uri("/api/notifications/retry-failed", UriKind.Relative), null);
        Assert.Equal(0, JsonElement.Parse(await all.Content.ReadAsStringAsync()).GetProperty("count").GetInt32());
        using var badLimit = await read.GetAsync(new Uri("/api/notifications?limit=0", UriKind.Relative));
        await AssertInvalidAsync(badLimit, "limit");
    }

    [Fact]
    public async Task Lint_CycleAndBadField_FindingsNameFileLineAndField()
    {
        var a = _server.Spec("A", "true", extra: "name: a\nafter: [b]");
        var b = _server.Spec("B", "true", extra: "name: b\nafter: [a]");
        var bad = _server.Spec("Bad", "true", extra: "budget: { time: soon }");

        using var response = await _server.Client(TokenScope.Read).PostAsJsonAsync("/api/lint", new { specs = new[] { a, b, bad } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(result.GetProperty("ok").GetBoolean());
        var diagnostics = result.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Contains(diagnostics, d => d.GetProperty("code").GetString() == "E073");
        Assert.Contains(diagnostics, d => d.GetProperty("file").GetString() == "specs[2]" && d.GetProperty("field").GetString() == "budget.time");
        Assert.Empty(await _server.Store.ListAsync(new Storage.TaskQuery(), CancellationToken.None));

        using var empty = await _server.Client(TokenScope.Read).PostAsJsonAsync("/api/lint", new { specs = new[] { a, " " } });
        await AssertInvalidAsync(empty, "specs[1]");
    }

    [Fact]
    public async Task Batch_AfterByName_QueuedTogetherAndShownWithLinks()
    {
        var first = _server.Spec("First", "true", extra: "name: first");
        var second = _server.Spec("Second", "true", extra: "name: second\nafter: [first]");

        using var response = await _server.Client(TokenScope.Submit).PostAsJsonAsync("/api/tasks/batch", new { specs = new[] { first, second } });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var ids = JsonElement.Parse(body).EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).ToList();
        var shown = await _server.Client(TokenScope.Read).GetFromJsonAsync<JsonElement>($"/api/tasks/{ids[1]}");
        Assert.Equal(ids[0], shown.GetProperty("after").EnumerateArray().Single().GetProperty("id").GetInt64());

        using var cycle = await _server.Client(TokenScope.Submit).PostAsJsonAsync("/api/tasks/batch", new
        {
            specs = new[] { _server.Spec("X", "true", extra: "name: x\nafter: [y]"), _server.Spec("Y", "true", extra: "name: y\nafter: [x]") },
        });
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.Equal(2, (await _server.Store.ListAsync(new Storage.TaskQuery(), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Batch_SpecsWithWarnings_StillAListEachTaskWithItsOwnSpecsWarnings()
    {
        var budgeted = _server.Spec("Budgeted", "true", extra: "budget: { time: 30m }");
        var unbudgeted = _server.Spec("Unbudgeted", "true");

        using var response = await _server.Client(TokenScope.Submit).PostAsJsonAsync("/api/tasks/batch", new { specs = new[] { budgeted, unbudgeted } });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var tasks = JsonElement.Parse(body);
        Assert.Equal(JsonValueKind.Array, tasks.ValueKind);
        Assert.Equal(["W007 sandbox.backend specs[0]:11:3"], ServerHarness.Findings(tasks[0]));
        Assert.Equal(["W002 budget specs[1]:1:1", "W007 sandbox.backend specs[1]:11:3"], ServerHarness.Findings(tasks[1]));
    }

    [Fact]
    public async Task Wait_TaskEndsDuringTheLongPoll_ReturnsItEnded()
    {
        var id = (await _server.SubmitAsync(_server.Spec("Soon cancelled", "true"))).GetProperty("id").GetInt64();
        var waiting = _server.Client(TokenScope.Read).GetFromJsonAsync<JsonElement>($"/api/tasks/{id}/wait?timeout=1m");

        await _server.Transitions.CancelAsync(id, "ended while someone waited", CancellationToken.None);

        Assert.Equal("cancelled", (await waiting).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Wait_NotEndedByTheTimeout_ReturnsItAsItIs()
    {
        var id = (await _server.SubmitAsync(_server.Spec("Nobody runs me", "true"))).GetProperty("id").GetInt64();

        var task = await _server.Client(TokenScope.Read).GetFromJsonAsync<JsonElement>($"/api/tasks/{id}/wait?timeout=200ms");

        Assert.Equal("queued", task.GetProperty("state").GetString());
        using var bad = await _server.Client(TokenScope.Read).GetAsync(new Uri($"/api/tasks/{id}/wait?timeout=3h", UriKind.Relative));
        await AssertInvalidAsync(bad, "timeout");
    }

    [Fact]
    public async Task OpenApi_DescribesEveryRouteTheCliHasToo()
    {
        var paths = (await _server.Client(TokenScope.Read).GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        foreach (var path in new[]
        {
            "/api/tasks/batch", "/api/tasks/{id}/wait", "/api/tasks/{id}/diff", "/api/tasks/{id}/journal", "/api/inbox", "/api/lint",
            "/api/schedules", "/api/schedules/{name}/history", "/api/schedules/{name}/pause", "/api/schedules/{name}/resume",
            "/api/schedules/{name}/trigger", "/api/schedules/{name}", "/api/fleets", "/api/fleets/{id}", "/api/fleets/{id}/cancel",
            "/api/limits", "/api/notifications", "/api/notifications/{id}/retry", "/api/notifications/retry-failed",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        }
    }

    private static async Task AssertInvalidAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        Assert.True(JsonElement.Parse(body).GetProperty("errors").TryGetProperty(field, out _), body);
    }
}
