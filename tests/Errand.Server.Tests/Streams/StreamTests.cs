using System.Net;
using Errand.Server.Tests.Support;
using Errand.Tasks;
using Errand.Tokens;

namespace Errand.Server.Tests.Streams;

/// <summary>The SSE streams over real HTTP, read while a real worker in the same process runs the task.</summary>
public sealed class StreamTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    private string Gate => Path.Combine(_server.Repo.Root, "gate");

    public async ValueTask InitializeAsync() => _server = await ServerHarness.StartAsync(withWorker: true);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task TaskEvents_WhileTheTaskRuns_StreamsItsLinesLiveThenEnds()
    {
        var id = (await _server.SubmitAsync(_server.Spec("Streamed", GatedCommand()))).GetProperty("id").GetInt64();
        await using var stream = await SseReader.OpenAsync(_server.Client(TokenScope.Read), $"/api/tasks/{id}/events");

        var first = await stream.ReadUntilAsync(e => e.EventType == "journal" && SseReader.Data(e).GetProperty("message").GetString() == "first line");

        // The line arrived while the task still runs: it waits on the gate, which only this test opens.
        var during = (await _server.Store.GetAsync(id, CancellationToken.None))!;
        Assert.True(during.State == TaskState.Running, $"{during.State}: {during.Reason}");
        Assert.Equal(SseReader.Data(first).GetProperty("seq").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), first.EventId);
        await File.WriteAllTextAsync(Gate, "open");
        var end = await stream.ReadUntilAsync(e => e.EventType == "end");

        Assert.Contains(stream.Seen, e => e.EventType == "journal" && SseReader.Data(e).GetProperty("message").GetString() == "second line");
        Assert.Equal("succeeded", SseReader.Data(end).GetProperty("state").GetString());
        await stream.ReadToEndAsync();
    }

    [Fact]
    public async Task TaskEvents_LastEventId_ResumesAfterIt()
    {
        File.WriteAllText(Gate, "open");
        var id = (await _server.SubmitAsync(_server.Spec("Resumed", GatedCommand()))).GetProperty("id").GetInt64();
        await _server.WaitForAsync(id, t => t.State.IsTerminal());
        var client = _server.Client(TokenScope.Read);
        await using var all = await SseReader.OpenAsync(client, $"/api/tasks/{id}/events");
        await all.ReadToEndAsync();
        var journal = all.Seen.Where(e => e.EventType == "journal").ToList();
        Assert.True(journal.Count > 4);

        await using var resumed = await SseReader.OpenAsync(client, $"/api/tasks/{id}/events", lastEventId: journal[2].EventId);
        await resumed.ReadToEndAsync();

        Assert.Equal(journal.Skip(3).Select(e => e.EventId), resumed.Seen.Where(e => e.EventType == "journal").Select(e => e.EventId));
        Assert.Equal("end", resumed.Seen[^1].EventType);
    }

    [Fact]
    public async Task TaskEvents_BadLastEventId_Returns400()
    {
        var id = (await _server.SubmitAsync(_server.Spec("Bad resume", "echo hi"))).GetProperty("id").GetInt64();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/tasks/{id}/events", UriKind.Relative));
        request.Headers.Add("Last-Event-ID", "yesterday");

        using var response = await _server.Client(TokenScope.Read).SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TaskListStream_WhileATaskRuns_SendsEachStateChange()
    {
        await using var stream = await SseReader.OpenAsync(_server.Client(TokenScope.Read), "/api/tasks/stream");
        var id = (await _server.SubmitAsync(_server.Spec("Listed", GatedCommand()))).GetProperty("id").GetInt64();

        await stream.ReadUntilAsync(e => IsTask(e, id, "running"));
        await File.WriteAllTextAsync(Gate, "open");
        await stream.ReadUntilAsync(e => IsTask(e, id, "succeeded"));

        var states = stream.Seen.Where(e => e.EventType == "task" && SseReader.Data(e).GetProperty("id").GetInt64() == id).Select(e => SseReader.Data(e).GetProperty("state").GetString()).ToList();
        Assert.Equal("succeeded", states[^1]);
        Assert.Equal("running", states[states.IndexOf("succeeded") - 1]);
    }

    // Prints a line, waits for the test to open the gate (the agent's own loop, not the test's), prints another.
    private string GatedCommand() => $"echo 'first line'\nwhile [ ! -e '{Gate}' ]; do sleep 0.05; done\necho 'second line'";

    private static bool IsTask(System.Net.ServerSentEvents.SseItem<string> e, long id, string state)
    {
        var data = SseReader.Data(e);
        return e.EventType == "task" && data.GetProperty("id").GetInt64() == id && data.GetProperty("state").GetString() == state;
    }
}
