using Errand.Agents.Tests.Support;

namespace Errand.Cli.Tests.Support;

/// <summary>
/// A fake OpenAI model for the builtin agent: one write_file turn per file (f1.txt … fN.txt), then finish. The first
/// request for one turn is held until its caller dies, so a kill lands with that turn in flight and the checkpoint
/// before it durable: the worst case the guarantee ("repeats at most one model turn") covers.
/// </summary>
internal sealed class HeldTurnModel : IAsyncDisposable
{
    private readonly FakeModelServer _server;
    private readonly TaskCompletionSource _heldTurnRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    private HeldTurnModel(FakeModelServer server, int files)
    {
        _server = server;
        FileNames = string.Join(' ', Enumerable.Range(1, files).Select(i => $"f{i}.txt"));
        Turns = files + 1;
        Environment = new Dictionary<string, string> { ["OPENAI_BASE_URL"] = new Uri(server.BaseUrl, "v1").ToString(), ["OPENAI_API_KEY"] = "test-key" };
    }

    /// <summary>"f1.txt f2.txt …", for the spec's verify line.</summary>
    public string FileNames { get; }

    /// <summary>Model turns in the whole conversation (the files, then finish).</summary>
    public int Turns { get; }

    /// <summary>What a worker process needs to reach this model.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Completes when the held turn has been asked for (and the checkpoint before it saved).</summary>
    public Task HeldTurnRequested => _heldTurnRequested.Task;

    /// <summary>Chat requests so far, held ones included.</summary>
    public int Requests => _server.Requests.Count;

    /// <param name="files">Files to write, one per turn.</param>
    /// <param name="heldTurn">The 1-based turn whose first request is held.</param>
    public static async Task<HeldTurnModel> StartAsync(int files, int heldTurn)
    {
        var turns = Enumerable.Range(1, files)
            .Select(i => FakeTurn.Call("write_file", new { path = $"f{i}.txt", content = $"file {i}\n" }))
            .Append(FakeTurn.Call("finish", new { summary = $"wrote {files} files" }))
            .ToList();
        var model = new HeldTurnModel(await FakeModelServer.StartAsync(turns), files);
        model._server.BeforeAnswer = async (index, aborted) =>
        {
            if (index == heldTurn - 1 && Interlocked.Exchange(ref model._held, 1) == 0)
            {
                model._heldTurnRequested.TrySetResult();
                await Task.Delay(Timeout.Infinite, aborted);
            }
        };
        return model;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
