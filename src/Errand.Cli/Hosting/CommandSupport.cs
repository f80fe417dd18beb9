using System.CommandLine;
using System.Text.Json;
using Errand.Json;
using Errand.Storage;
using Errand.Tasks;

namespace Errand.Cli.Hosting;

/// <summary>Shared plumbing for command actions.</summary>
internal static class CommandSupport
{
    public static Argument<long> TaskIdArgument() => new("id") { Description = "The task id" };

    public static async Task<int> WithHostAsync(
        ParseResult parse, GlobalOptions global, Func<ErrandHost, Task<int>> body, CancellationToken cancellationToken)
    {
        var dataDir = DataDirectory.Resolve(parse.GetValue(global.DataDir));
        var store = StoreLocation.Resolve(parse.GetValue(global.Store));
        if (StoreLocation.Problem(store) is { } problem)
        {
            await Console.Error.WriteLineAsync("errand: " + problem);
            return ExitCodes.InvalidInput;
        }

        await using var host = await ErrandHost.OpenAsync(dataDir, store, parse.GetValue(global.Verbose), cancellationToken);
        return await body(host);
    }

    public static async Task<TaskRecord?> FindTaskAsync(ErrandHost host, long id, CancellationToken cancellationToken)
    {
        var task = await host.Store.GetAsync(id, cancellationToken);
        if (task is null)
        {
            await Console.Error.WriteLineAsync($"errand: no task #{id}");
        }

        return task;
    }

    /// <summary>
    /// Says how a requested state change went, and returns the exit code: 0 when it applied, 3 for no such task, 2
    /// when the task is in a state that does not allow it (<paramref name="refused"/> says why, given that state).
    /// </summary>
    public static async Task<int> ReportAsync(
        TransitionOutcome outcome, long taskId, Func<TaskRecord, string> applied, Func<TaskState?, string> refused)
    {
        switch (outcome.Status)
        {
            case TransitionStatus.Applied:
                Console.WriteLine(applied(outcome.Current!));
                return ExitCodes.Ok;
            case TransitionStatus.NotFound:
                await Console.Error.WriteLineAsync($"errand: no task #{taskId}");
                return ExitCodes.NotFound;
            default:
                await Console.Error.WriteLineAsync($"errand: task #{taskId} is {outcome.Current?.State.ToWireName()}; {refused(outcome.Current?.State)}");
                return ExitCodes.InvalidInput;
        }
    }

    public static void PrintJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, ErrandJson.Indented));

    public static void PrintJsonLine<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, ErrandJson.Options));
}
