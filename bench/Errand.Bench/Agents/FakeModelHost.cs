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

    /// <summary>
    /// <paramref name="turns"/> − 1 files written, then finish (by default four small files: five model turns per
    /// task). A file of <paramref name="fileBytes"/> characters (0: one short line) grows the conversation by as much
    /// each turn, as a model writing code does.
    /// </summary>
    public static IReadOnlyList<FakeTurn> Script(int turns, int fileBytes) =>
    [
        .. Enumerable.Range(1, turns - 1).Select(i => FakeTurn.Call("write_file",
            new { path = $"notes/{i}.txt", content = fileBytes > 0 ? new string('x', fileBytes - 1) + "\n" : $"line {i}\n" })),
        FakeTurn.Call("finish", new { summary = $"wrote {turns - 1} notes" }),
    ];

    public static async Task RunAsync(TimeSpan delay, int turns, int fileBytes)
    {
        await using var server = await FakeModelServer.StartAsync(Script(turns, fileBytes));
        server.BeforeAnswer = (_, aborted) => Task.Delay(delay, aborted);
        Console.WriteLine(server.BaseUrl);
        Console.Out.Flush();
        await Console.In.ReadToEndAsync();
    }
}
