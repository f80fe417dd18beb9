using System.Text.Json.Nodes;
using Errand.Agents.Builtin;
using Errand.Agents.Tests.Support;

namespace Errand.Agents.Tests.Builtin;

/// <summary>
/// When the builtin agent compacts its conversation: on the input tokens the provider reported for the last call
/// (over the real OpenAI and Anthropic wires, from fake servers on loopback), and on a character estimate only when
/// the provider reports no usage.
/// </summary>
public sealed class BuiltinCompactionTests
{
    private const int Reads = 6;
    private const string Stub = "removed to save context";

    // Tool results cut to 1,000 characters, and only the last turn kept whole: six reads of a big file take about
    // 8,000 characters (~2,000 tokens at four a character) with the system prompt.
    private static BuiltinAgentOptions Options(int contextWindowTokens) => new()
    {
        MaxToolOutputChars = 1_000,
        KeepRecentMessages = 2,
        ContextWindowTokens = contextWindowTokens,
        CompactAt = 0.5,
    };

    /// <summary><see cref="Reads"/> reads of big.txt, then finish; turn <c>i</c> reports <c>inputTokens(i)</c>.</summary>
    private static FakeTurn[] Turns(Func<int, int?> inputTokens, bool reportsUsage = true) =>
    [
        .. Enumerable.Range(0, Reads).Select(i => FakeTurn.Call("read_file", new { path = "big.txt" }) with { InputTokens = inputTokens(i), ReportsUsage = reportsUsage }),
        FakeTurn.Call("finish", new { summary = "read it all" }) with { InputTokens = inputTokens(Reads), ReportsUsage = reportsUsage },
    ];

    private static async Task<List<JsonObject>> RunAsync(FakeTurn[] turns, string model, BuiltinAgentOptions options, IReadOnlyDictionary<string, int>? contextWindows = null)
    {
        await using var bed = await AgentTestbed.CreateAsync();
        bed.Repo.WriteFile("big.txt", string.Concat(Enumerable.Range(1, 300).Select(i => $"line {i:D3} of a file too big to keep in every prompt\n")));
        await using var server = await FakeModelServer.StartAsync(turns);

        var events = await AgentTestbed.CollectAsync(AgentTestbed.Runtime(AgentTestbed.Models(server) with { ContextWindows = contextWindows ?? new Dictionary<string, int>() }, options).RunAsync(bed.Run(model), TestContext.Current.CancellationToken));

        Assert.Equal("read it all", Assert.IsType<AgentFinished>(events[^1]).Summary);
        Assert.Equal(Reads + 1, server.Requests.Count);
        Assert.DoesNotContain(server.Requests, r => r.ToJsonString().Contains("earlier turn(s) were removed", StringComparison.Ordinal));
        return [.. server.Requests];
    }

    private static int Stubs(JsonObject request) => request["messages"]!.ToJsonString().Split(Stub).Length - 1;

    [Theory]
    [InlineData("openai/fake-gpt")]
    [InlineData("anthropic/claude-fake")]
    public async Task RunAsync_ReportedInputTokensCrossTheBudget_CompactsThoughTheTextIsSmall(string model)
    {
        // A 16,000-token window compacts past 8,000 tokens; the text alone (~2,000 by estimate) never gets there.
        // The fourth reply reports 9,000 input tokens: the fifth call is compacted, the ones before it are not.
        var requests = await RunAsync(Turns(i => i == 3 ? 9_000 : 100), model, Options(16_000));

        Assert.Equal([0, 0, 0, 0], requests.Take(4).Select(Stubs));
        // Every old read is stubbed; the last turn's stays whole.
        Assert.Equal(3, Stubs(requests[4]));
        Assert.Matches(@"\[read_file result of [\d,]+ characters removed to save context", requests[4]["messages"]!.ToJsonString());
        Assert.Contains("line 001 of a file", requests[4]["messages"]!.AsArray()[^1]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16_000, 3)]
    [InlineData(null, 0)]
    public async Task RunAsync_ModelsContextWindow_SetsTheBudgetInsteadOfTheDefault(int? window, int stubs)
    {
        // The default window (128,000 tokens) leaves room for the fourth reply's 9,000; the model's own 16,000 does not.
        var windows = window is { } w ? new Dictionary<string, int> { ["fake-gpt"] = w } : null;

        var requests = await RunAsync(Turns(i => i == 3 ? 9_000 : 100), "openai/fake-gpt", Options(128_000), windows);

        Assert.Equal(stubs, Stubs(requests[4]));
    }

    [Theory]
    [InlineData("openai/fake-gpt")]
    [InlineData("anthropic/claude-fake")]
    public async Task RunAsync_ReportedInputTokensUnderTheBudget_DoesNotCompactThoughTheTextIsLong(string model)
    {
        // A 2,000-token window compacts past 1,000 tokens; by the character estimate the text passes that by the
        // third call, but the provider says each prompt took 100 tokens.
        var requests = await RunAsync(Turns(_ => 100), model, Options(2_000));

        Assert.All(requests, r => Assert.Equal(0, Stubs(r)));
    }

    [Fact]
    public async Task RunAsync_ProviderReportsNoUsage_CompactsOnTheCharacterEstimate()
    {
        var requests = await RunAsync(Turns(_ => null, reportsUsage: false), "openai/fake-gpt", Options(2_000));

        Assert.Equal(0, Stubs(requests[0]));
        Assert.Equal(0, Stubs(requests[1]));
        Assert.True(Stubs(requests[^1]) > 0, requests[^1].ToJsonString());
    }
}
