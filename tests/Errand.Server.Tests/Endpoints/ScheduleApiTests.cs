using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Errand.Server.Tests.Support;
using Errand.Tokens;

namespace Errand.Server.Tests.Endpoints;

/// <summary>/api/schedules over real HTTP: what <c>errand schedule</c> does, and the 400s naming the field.</summary>
public sealed class ScheduleApiTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Schedule_AddListPauseTriggerHistoryResumeRemove_AsTheCliDoes()
    {
        var submit = _server.Client(TokenScope.Submit);
        var read = _server.Client(TokenScope.Read);

        using (var added = await submit.PostAsJsonAsync("/api/schedules", Body("nightly")))
        {
            var body = await added.Content.ReadAsStringAsync();
            Assert.True(added.StatusCode == HttpStatusCode.Created, body);
            var schedule = JsonElement.Parse(body);
            Assert.Equal("Europe/Berlin", schedule.GetProperty("time_zone").GetString());
            Assert.Equal("Nightly tidy", schedule.GetProperty("title").GetString());
            Assert.True(schedule.GetProperty("next_run_utc").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        }

        var listed = await read.GetFromJsonAsync<JsonElement>("/api/schedules");
        Assert.Equal("nightly", listed.EnumerateArray().Single().GetProperty("name").GetString());

        var paused = await PostAsync(submit, "/api/schedules/nightly/pause");
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.False(paused.TryGetProperty("next_run_utc", out _));

        var tick = await PostAsync(submit, "/api/schedules/nightly/trigger");
        Assert.Equal("fired", tick.GetProperty("outcome").GetString());
        var taskId = tick.GetProperty("task_id").GetInt64();
        Assert.Equal("Nightly tidy", (await _server.Store.GetAsync(taskId, CancellationToken.None))!.Title);

        var history = await read.GetFromJsonAsync<JsonElement>("/api/schedules/nightly/history?limit=5");
        var only = history.EnumerateArray().Single();
        Assert.True(only.GetProperty("manual").GetBoolean());
        Assert.Equal(taskId, only.GetProperty("task_id").GetInt64());

        Assert.False((await PostAsync(submit, "/api/schedules/nightly/resume")).GetProperty("paused").GetBoolean());

        using (var removed = await submit.DeleteAsync(new Uri("/api/schedules/nightly", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        using var gone = await read.GetAsync(new Uri("/api/schedules/nightly", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("no schedule named 'nightly'", JsonElement.Parse(await gone.Content.ReadAsStringAsync()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("name", "bad name!", null, null, null, null)]
    [InlineData("cron", null, "61 * * * *", null, null, null)]
    [InlineData("time_zone", null, null, "Mars/Olympus", null, null)]
    [InlineData("overlap", null, null, null, "never", null)]
    [InlineData("jitter", null, null, null, null, "2h")]
    public async Task Add_BadField_Returns400NamingIt(string field, string? name, string? cron, string? zone, string? overlap, string? jitter)
    {
        var body = Body(name ?? "ok", cron: cron ?? "0 * * * *", zone: zone ?? "UTC");
        body["overlap"] = overlap;
        body["jitter"] = jitter;

        using var response = await _server.Client(TokenScope.Submit).PostAsJsonAsync("/api/schedules", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty(await _server.Store.ListSchedulesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Add_SpecWithLintError_Returns400NamingSpecField()
    {
        var problem = await AddRefusedAsync("broken", _server.Spec("Broken", "true", extra: "budget: { time: soon }"));

        Assert.True(problem.GetProperty("errors").TryGetProperty("spec.budget.time", out _), problem.ToString());
    }

    [Fact]
    public async Task Add_FleetSpec_Returns400NamingTheFleetFieldLineAndFile()
    {
        var problem = await AddRefusedAsync("fleet", _server.Spec("Migrate {{slice}}", "true", extra: "fleet:\n  slices: [a, b]"));

        var error = Assert.Single(problem.GetProperty("errors").GetProperty("spec.fleet").EnumerateArray()).GetString();
        Assert.StartsWith("line 13, column 1: a schedule runs one task per tick; a fleet ('fleet:') cannot be scheduled", error, StringComparison.Ordinal);
        var finding = Assert.Single(problem.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("severity").GetString() == "error");
        Assert.Equal(("fleet", 13, "spec"), (finding.GetProperty("field").GetString(), finding.GetProperty("line").GetInt32(), finding.GetProperty("file").GetString()));
        Assert.Empty(await _server.Store.ListSchedulesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Add_NameTaken_Returns409WithTheSpecsWarnings()
    {
        // No budget and no sandbox: both answers carry the warnings `errand schedule add` prints on the store's host.
        var submit = _server.Client(TokenScope.Submit);
        using var first = await submit.PostAsJsonAsync("/api/schedules", Body("twice"));
        var created = JsonElement.Parse(await first.Content.ReadAsStringAsync());
        Assert.True(first.StatusCode == HttpStatusCode.Created, created.ToString());
        Assert.Equal(["W002 budget spec:1:1", "W007 sandbox.backend spec:11:3"], ServerHarness.Findings(created));
        var shown = await _server.Client(TokenScope.Read).GetFromJsonAsync<JsonElement>("/api/schedules/twice");
        Assert.False(shown.TryGetProperty("warnings", out _), shown.ToString());

        using var second = await submit.PostAsJsonAsync("/api/schedules", Body("twice"));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = JsonElement.Parse(await second.Content.ReadAsStringAsync());
        Assert.Contains("already exists", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["W002 budget spec:1:1", "W007 sandbox.backend spec:11:3"], ServerHarness.Findings(problem, "diagnostics"));
    }

    // Adds a schedule running spec, which the API must refuse with 400: its problem details.
    private async Task<JsonElement> AddRefusedAsync(string name, string spec)
    {
        var body = Body(name);
        body["spec"] = spec;
        using var response = await _server.Client(TokenScope.Submit).PostAsJsonAsync("/api/schedules", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return JsonElement.Parse(await response.Content.ReadAsStringAsync());
    }

    private Dictionary<string, object?> Body(string name, string cron = "0 3 * * *", string zone = "Europe/Berlin") => new()
    {
        ["name"] = name,
        ["cron"] = cron,
        ["time_zone"] = zone,
        ["spec"] = _server.Spec("Nightly tidy", "true"),
    };

    private static async Task<JsonElement> PostAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonElement.Parse(body);
    }
}
