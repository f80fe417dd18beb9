using Errand.Agents.Tests.Support;

namespace Errand.Bench.Agents;

/// <summary>
/// The child process that plays the model: the suite's fake OpenAI Chat Completions server (real wire format,
/// streaming), answering every turn after a fixed delay. It runs in its own process so that the orchestrator's
/// resident memory and CPU are the orchestrator's alone; it stops when its standard input closes (the parent left).
/// </summary>
internal static class FakeModelHost
{
    public const string Flag = "--fake-model-server";

    /// <summary>Four small files written, then finish: five model turns per task.</summary>
    public static IReadOnlyList<FakeTurn> Script { get; } =
    [
        .. Enumerable.Range(1, 4).Select(i => FakeTurn.Call("write_file", new { path = $"notes/{i}.txt", content = $"line {i}\n" })),
        FakeTurn.Call("finish", new { summary = "wrote four notes" }),
    ];

    public static async Task RunAsync(TimeSpan delay)
    {
        await using var server = await FakeModelServer.StartAsync(Script);
        server.BeforeAnswer = (_, aborted) => Task.Delay(delay, aborted);
        Console.WriteLine(server.BaseUrl);
        Console.Out.Flush();
        await Console.In.ReadToEndAsync();
    }
}
