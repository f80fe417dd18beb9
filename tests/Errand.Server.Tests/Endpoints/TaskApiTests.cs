using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Errand.Server.Tests.Support;
using Errand.Tasks;
using Errand.Tokens;

namespace Errand.Server.Tests.Endpoints;

/// <summary>The task routes over real HTTP: what they return, and the 400/404/409 problems with what they name.</summary>
public sealed class TaskApiTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Submit_ValidSpec_Returns201AndQueuesTheTask()
    {
        var created = await _server.SubmitAsync(_server.Spec("Fix the greeting", "echo hi"));

        var id = created.GetProperty("id").GetInt64();
        Assert.Equal("queued", created.GetProperty("state").GetString());
        var stored = await _server.Store.GetAsync(id, CancellationToken.None);
        Assert.Equal("Fix the greeting", stored!.Title);
    }

    [Fact]
    public async Task Submit_ValidSpecWithWarnings_CreatedTaskCarriesThemAndShowDoesNot()
    {
        // No budget and no sandbox: queued, with the warnings `errand submit` prints on the store's host.
        var created = await _server.SubmitAsync(_server.Spec("Warned", "true"));

        Assert.Equal(["W002 budget spec:1:1", "W007 sandbox.backend spec:11:3"], ServerHarness.Findings(created));
        Assert.All(created.GetProperty("warnings").EnumerateArray(), w => Assert.Equal("warning", w.GetProperty("severity").GetString()));
        var shown = await _server.Client(TokenScope.Read).GetFromJsonAsync<JsonElement>($"/api/tasks/{created.GetProperty("id").GetInt64()}");
        Assert.False(shown.TryGetProperty("warnings", out _), shown.ToString());
    }

    [Fact]
    public async Task Submit_SpecWithLintError_Returns400NamingLineAndField()
    {
        var spec = _server.Spec("Bad budget", "echo hi", extra: "budget: { time: soon }");

        using var response = await _server.Client(TokenScope.Submit).PostAsJsonAsync("/api/tasks", new { spec });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonElement.Parse(await response.Content.ReadAsStringAsync());
        var messages = problem.GetProperty("errors").GetProperty("spec.budget.time");
        Assert.StartsWith("line 13, column ", messages[0].GetString(), StringComparison.Ordinal);
        var diagnostic = problem.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("severity").GetString() == "error");
        Assert.Equal("budget.time", diagnostic.GetProperty("field").GetString());
        Assert.Equal(13, diagnostic.GetProperty("line").GetInt32());
        Assert.Empty(await _server.Store.ListAsync(new Storage.TaskQuery(), CancellationToken.None));
    }

    [Theory]
    [InlineData("{}", "spec")]
    [InlineData("{\"spec\": \"   \"}", "spec")]
    public async Task Submit_NoSpec_Returns400NamingSpec(string body, string field)
    {
        using var response = await PostRawAsync("/api/tasks", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Submit_RelativeRepo_Returns400NamingRepo()
    {
        var spec = _server.Spec("Relative", "echo hi").Replace(_server.Repo.RepoPath, "./repo", StringComparison.Ordinal);

        using var response = await _server.Client(TokenScope.Submit).PostAsJsonAsync("/api/tasks", new { spec });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("relative", problem.GetProperty("errors").GetProperty("spec.repo")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/tasks/999")]
    [InlineData("GET", "/api/tasks/999/journal")]
    [InlineData("GET", "/api/tasks/999/result")]
    [InlineData("GET", "/api/tasks/999/events")]
    [InlineData("POST", "/api/tasks/999/cancel")]
    [InlineData("POST", "/api/tasks/999/retry")]
    public async Task UnknownTask_Returns404ProblemNamingTheId(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { });
        }

        using var response = await _server.Client(TokenScope.Admin).SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("#999", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_TaskNotWaiting_Returns409()
    {
        var id = (await _server.SubmitAsync(_server.Spec("Not asking", "echo hi"))).GetProperty("id").GetInt64();

        using var response = await _server.Client(TokenScope.Answer).PostAsJsonAsync($"/api/tasks/{id}/answer", new { answer = "yes" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("waits for no answer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_NoAnswer_Returns400NamingAnswer()
    {
        using var response = await _server.Client(TokenScope.Answer).PostAsJsonAsync("/api/tasks/1/answer", new { by = "me" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonElement.Parse(await response.Content.ReadAsStringAsync()).GetProperty("errors").TryGetProperty("answer", out _));
    }

    [Fact]
    public async Task Cancel_QueuedThenAgain_CancelledThen409()
    {
        var id = (await _server.SubmitAsync(_server.Spec("To cancel", "echo hi"))).GetProperty("id").GetInt64();
        var client = _server.Client(TokenScope.Submit);

        using (var first = await client.PostAsJsonAsync($"/api/tasks/{id}/cancel", new { reason = "changed my mind" }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("cancelled", JsonElement.Parse(await first.Content.ReadAsStringAsync()).GetProperty("outcome").GetString());
        }

        using var second = await client.PostAsJsonAsync($"/api/tasks/{id}/cancel", new { });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(TaskState.Cancelled, (await _server.Store.GetAsync(id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Retry_CancelledTask_QueuedAgain()
    {
        var id = (await _server.SubmitAsync(_server.Spec("Retry me", "echo hi"))).GetProperty("id").GetInt64();
        await _server.Transitions.CancelAsync(id, "test", CancellationToken.None);

        using var response = await _server.Client(TokenScope.Submit).PostAsync(new Uri($"/api/tasks/{id}/retry", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("queued", JsonElement.Parse(await response.Content.ReadAsStringAsync()).GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("{}", "budget")]
    [InlineData("{\"time\": \"soon\"}", "time")]
    [InlineData("{\"steps\": \"-3\"}", "steps")]
    public async Task Extend_BadAmounts_Returns400NamingTheField(string body, string field)
    {
        using var response = await PostRawAsync("/api/tasks/1/extend", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonElement.Parse(await response.Content.ReadAsStringAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task List_FiltersByStateAndTextAndPagesWithTheCursor()
    {
        for (var i = 1; i <= 5; i++)
        {
            await _server.SubmitAsync(_server.Spec(i % 2 == 0 ? $"even {i}" : $"odd {i}", "echo hi"));
        }

        await _server.Transitions.CancelAsync(5, "test", CancellationToken.None);
        var client = _server.Client(TokenScope.Read);

        var queued = await client.GetFromJsonAsync<JsonElement>("/api/tasks?state=queued");
        Assert.Equal([4L, 3L, 2L, 1L], queued.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));

        var odd = await client.GetFromJsonAsync<JsonElement>("/api/tasks?text=ODD&limit=2");
        Assert.Equal([5L, 3L], odd.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
        var next = odd.GetProperty("next_cursor").GetInt64();
        var rest = await client.GetFromJsonAsync<JsonElement>($"/api/tasks?text=odd&limit=2&cursor={next}");
        Assert.Equal([1L], rest.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
        Assert.False(rest.TryGetProperty("next_cursor", out _));

        using var bad = await client.GetAsync(new Uri("/api/tasks?state=sleeping", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(JsonElement.Parse(await bad.Content.ReadAsStringAsync()).GetProperty("errors").TryGetProperty("state", out _));
    }

    [Fact]
    public async Task ScriptInTitle_ReturnedAsEncodedData()
    {
        const string Title = "<script>alert(1)</script>";
        var id = (await _server.SubmitAsync(_server.Spec(Title, "echo hi"))).GetProperty("id").GetInt64();

        using var response = await _server.Client(TokenScope.Read).GetAsync(new Uri($"/api/tasks/{id}", UriKind.Relative));
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
        Assert.Contains("\\u003Cscript\\u003E", raw, StringComparison.Ordinal);
        Assert.Equal(Title, JsonElement.Parse(raw).GetProperty("title").GetString());
    }

    [Fact]
    public async Task OpenApi_WithReadToken_DescribesTheTaskRoutes()
    {
        var document = await _server.Client(TokenScope.Read).GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/tasks", out var tasks));
        Assert.True(tasks.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/tasks/{id}/answer", out _));
        Assert.True(paths.TryGetProperty("/api/tasks/{id}/events", out _));
    }

    [Fact]
    public async Task Tokens_CreateListRevoke_NeverShowsTheTokenAgain()
    {
        var admin = _server.Client(TokenScope.Admin);

        using var created = await admin.PostAsJsonAsync("/api/tokens", new { name = "laptop", scope = "answer" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = JsonElement.Parse(await created.Content.ReadAsStringAsync()).GetProperty("token").GetString()!;
        using (var inbox = await _server.ClientWith(token).GetAsync(new Uri("/api/inbox", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
        }

        var listed = await admin.GetStringAsync(new Uri("/api/tokens", UriKind.Relative));
        Assert.Contains("\"laptop\"", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(Errand.Tokens.ApiTokens.Hash(token), listed, StringComparison.Ordinal);

        using var duplicate = await admin.PostAsJsonAsync("/api/tokens", new { name = "laptop", scope = "read" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        using var badScope = await admin.PostAsJsonAsync("/api/tokens", new { name = "other", scope = "root" });
        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);

        using var revoked = await admin.DeleteAsync(new Uri("/api/tokens/laptop", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var after = await _server.ClientWith(token).GetAsync(new Uri("/api/inbox", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Submit_OverTheRateLimit_Returns429WithRetryAfter()
    {
        await using var limited = await ServerHarness.StartAsync(submitLimit: new Hosting.SubmitRateLimit(2, TimeSpan.FromMinutes(10)));
        var client = limited.Client(TokenScope.Submit);
        var spec = limited.Spec("Limited", "echo hi");
        for (var i = 0; i < 2; i++)
        {
            using var ok = await client.PostAsJsonAsync("/api/tasks", new { spec });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var refused = await client.PostAsJsonAsync("/api/tasks", new { spec });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal(2, (await limited.Store.ListAsync(new Storage.TaskQuery(), CancellationToken.None)).Count);

        // Per token: another token still submits.
        using var other = await limited.Client(TokenScope.Admin).PostAsJsonAsync("/api/tasks", new { spec });
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    private Task<HttpResponseMessage> PostRawAsync(string path, string json) =>
        _server.Client(TokenScope.Submit).PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
