using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Errand.Server.Tests.Support;
using Errand.Tasks;
using Errand.Telemetry;
using Errand.Tests.Shared;
using Errand.Tokens;

namespace Errand.Server.Tests.Streams;

/// <summary>
/// A secret registered in Errand's secret store and printed by the task that uses it never reaches the API: not a
/// response of any read route (every GET in the route table, /metrics included), not a response to the actions taken
/// on it, not the journal stream, not the task-list stream, not a span of its trace. Its name does, as the placeholder.
/// </summary>
public sealed class PlantedSecretApiTests : IAsyncLifetime
{
    private const string Name = "PLANTED_TOKEN";
    private const string Value = "pl4nted-S3cret/v4lue+more=42";

    private readonly ConcurrentQueue<Activity> _spans = new();
    private ServerHarness _server = null!;
    private ActivityListener? _listener;

    public async ValueTask InitializeAsync()
    {
        // Every span of Errand's sources in this process, as an exporter would get them (sampled in full).
        _listener = new ActivityListener
        {
            ShouldListenTo = s => ErrandTelemetry.Sources.Contains(s.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        _server = await ServerHarness.StartAsync(withWorker: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _listener?.Dispose();
    }

    [Fact]
    public async Task TaskPrintsPlantedSecret_NoResponseOrStreamHoldsIt()
    {
        await _server.Secrets.SetAsync(Name, Value, CancellationToken.None);
        var client = _server.Client(TokenScope.Admin);
        await using var list = await SseReader.OpenAsync(client, "/api/tasks/stream");
        var spec = _server.Spec("Print the planted secret", """
            echo "raw: $PLANTED_TOKEN"
            echo "on stderr: $PLANTED_TOKEN" >&2
            echo "base64: $(printf '%s' "$PLANTED_TOKEN" | base64 -w0)"
            echo hello > greeting.txt
            """, verify: "echo \"the check saw $PLANTED_TOKEN\"", extra: $"secrets: [{Name}]");
        var id = (await _server.SubmitAsync(spec)).GetProperty("id").GetInt64();
        await using var events = await SseReader.OpenAsync(client, $"/api/tasks/{id}/events");
        await events.ReadUntilAsync(e => e.EventType == "end");
        await list.ReadUntilAsync(e => e.EventType == "task" && SseReader.Data(e).GetProperty("id").GetInt64() == id
            && SseReader.Data(e).GetProperty("state").GetString() == "succeeded");

        var bodies = new List<(string What, string Body)>
        {
            ("journal stream", string.Join('\n', events.Seen.Select(e => e.Data))),
            ("task-list stream", string.Join('\n', list.Seen.Select(e => e.Data))),
        };

        // A failing task whose check quotes the secret (its reason and result carry check output), a schedule and a
        // fleet running the printing spec, and every action's response.
        var failing = _server.Spec("Fail quoting the secret", "echo \"raw: $PLANTED_TOKEN\"", verify: "echo \"saw $PLANTED_TOKEN\"; exit 1", extra: $"secrets: [{Name}]");
        var failed = (await _server.SubmitAsync(failing)).GetProperty("id").GetInt64();
        await _server.WaitForAsync(failed, t => t.State.IsTerminal());
        bodies.Add(("schedule add", await SendAsync(client, HttpMethod.Post, "/api/schedules", new { name = "leaky", cron = "0 3 * * *", time_zone = "UTC", spec })));
        bodies.Add(("schedule trigger", await SendAsync(client, HttpMethod.Post, "/api/schedules/leaky/trigger", null)));
        bodies.Add(("fleet run", await SendAsync(client, HttpMethod.Post, "/api/fleets", new { spec = spec.Replace("---\nDo it.", "fleet:\n  slices: [a]\n---\nDo it.", StringComparison.Ordinal) })));
        bodies.Add(("lint", await SendAsync(client, HttpMethod.Post, "/api/lint", new { specs = new[] { spec, failing } })));
        bodies.Add(("wait", await client.GetStringAsync(new Uri($"/api/tasks/{failed}/wait?timeout=1s", UriKind.Relative))));
        bodies.Add(("retry", await SendAsync(client, HttpMethod.Post, $"/api/tasks/{failed}/retry", null)));
        bodies.Add(("cancel", await SendAsync(client, HttpMethod.Post, $"/api/tasks/{failed}/cancel", new { })));

        foreach (var route in ServerRoutes.Gets(_server.App).Where(r => !r.EndsWith("/events", StringComparison.Ordinal) && !r.EndsWith("/stream", StringComparison.Ordinal) && r != "/mcp" && !r.EndsWith("/wait", StringComparison.Ordinal)))
        {
            foreach (var taskId in new[] { id, failed })
            {
                var path = route.Replace("{id:long}", taskId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("{name}", "leaky", StringComparison.Ordinal);
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                bodies.Add((path, await response.Content.ReadAsStringAsync()));
            }
        }

        Assert.Contains(bodies, b => b.What == $"/api/tasks/{id}/diff" && b.Body.Contains("+hello", StringComparison.Ordinal));
        Assert.Contains(bodies, b => b.What == "/metrics" && b.Body.Contains("errand_tasks_transitions", StringComparison.Ordinal));
        Assert.Contains(bodies, b => b.What == $"/api/tasks/{failed}/journal" && b.Body.Contains("[redacted:PLANTED_TOKEN]", StringComparison.Ordinal));
        var spanText = _spans.SelectMany(SpanText.Of).ToList();
        Assert.Contains(spanText, t => t == "errand.task");
        bodies.Add(("spans", string.Join('\n', spanText)));

        Assert.Contains("[redacted:PLANTED_TOKEN]", bodies[0].Body, StringComparison.Ordinal);
        Assert.Contains(Name, bodies.First(b => b.What == "/api/secrets").Body, StringComparison.Ordinal);
        var encodings = new[] { Value, Convert.ToBase64String(Encoding.UTF8.GetBytes(Value)), Uri.EscapeDataString(Value), Value.Replace("/", "\\/", StringComparison.Ordinal), System.Text.Json.JsonSerializer.Serialize(Value).Trim('"') };
        foreach (var (what, body) in bodies)
        {
            foreach (var encoding in encodings)
            {
                Assert.False(body.Contains(encoding, StringComparison.Ordinal), $"{what} holds the secret ({encoding})");
            }
        }
    }

    private static async Task<string> SendAsync(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text;
    }
}
