using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Errand.Server.Tests.Support;

/// <summary>A real HTTP client reading a Server-Sent Events stream as it arrives.</summary>
internal sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _events;
    private readonly CancellationTokenSource _deadline = new(ServerHarness.Patience);

    private SseReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _events = SseParser.Create(body).EnumerateAsync(_deadline.Token).GetAsyncEnumerator(_deadline.Token);
    }

    public List<SseItem<string>> Seen { get; } = [];

    public static async Task<SseReader> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>Reads until an event matches (returned), failing if the stream ends first or the deadline passes.</summary>
    public async Task<SseItem<string>> ReadUntilAsync(Func<SseItem<string>, bool> match)
    {
        while (await MoveNextOrExplainAsync())
        {
            Seen.Add(_events.Current);
            if (match(_events.Current))
            {
                return _events.Current;
            }
        }

        throw new InvalidOperationException($"the stream ended after {Seen.Count} events without the one awaited");
    }

    /// <summary>Reads to the end of the stream.</summary>
    public async Task ReadToEndAsync()
    {
        while (await _events.MoveNextAsync())
        {
            Seen.Add(_events.Current);
        }
    }

    private async Task<bool> MoveNextOrExplainAsync()
    {
        try
        {
            return await _events.MoveNextAsync();
        }
        catch (OperationCanceledException ex)
        {
            throw new TimeoutException("seen: " + string.Join(" | ", Seen.Select(e => e.EventId + " " + e.Data[..Math.Min(e.Data.Length, 120)])), ex);
        }
    }

    public static JsonElement Data(SseItem<string> item) => JsonElement.Parse(item.Data);

    public async ValueTask DisposeAsync()
    {
        await _deadline.CancelAsync();
        try
        {
            await _events.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
        }

        _response.Dispose();
        _deadline.Dispose();
    }
}
