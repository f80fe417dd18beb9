using System.Text;
using Errand.Server.Tests.Support;
using Errand.Tokens;

namespace Errand.Server.Tests.Streams;

/// <summary>
/// A secret registered in Errand's secret store and printed by the task that uses it never reaches the API: not a
/// response of any read route, not the journal stream, not the task-list stream. Its name does, as the placeholder.
/// </summary>
public sealed class PlantedSecretApiTests : IAsyncLifetime
{
    private const string Name = "PLANTED_TOKEN";
    private const string Value = "pl4nted-S3cret/v4lue+more=42";

    private ServerHarness _server = null!;

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync(withWorker: true);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

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
        foreach (var path in new[] { $"/api/tasks/{id}", $"/api/tasks/{id}/journal", $"/api/tasks/{id}/result", "/api/tasks", "/api/inbox", "/api/secrets", "/api/tokens", "/openapi/v1.json" })
        {
            bodies.Add((path, await client.GetStringAsync(new Uri(path, UriKind.Relative))));
        }

        Assert.Contains("[redacted:PLANTED_TOKEN]", bodies[0].Body, StringComparison.Ordinal);
        Assert.Contains(Name, bodies.Single(b => b.What == "/api/secrets").Body, StringComparison.Ordinal);
        var encodings = new[] { Value, Convert.ToBase64String(Encoding.UTF8.GetBytes(Value)), Uri.EscapeDataString(Value), Value.Replace("/", "\\/", StringComparison.Ordinal), System.Text.Json.JsonSerializer.Serialize(Value).Trim('"') };
        foreach (var (what, body) in bodies)
        {
            foreach (var encoding in encodings)
            {
                Assert.False(body.Contains(encoding, StringComparison.Ordinal), $"{what} holds the secret ({encoding})");
            }
        }
    }
}
