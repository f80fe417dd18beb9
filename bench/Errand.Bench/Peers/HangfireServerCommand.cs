using System.Globalization;
using Hangfire;

namespace Errand.Bench.Peers;

/// <summary>
/// The Hangfire server process: <c>--hangfire-server ENGINE LOCATION [--schema S] [--poll MS]</c>. A
/// <see cref="BackgroundJobServer"/> with its default worker count over the storage (<see cref="HangfireStorages"/>),
/// as a team deploys it apart from the code that enqueues. It prints <c>started KEY TIMESTAMP</c> as each job's code
/// starts (a monotonic Stopwatch timestamp, the same clock in every process of the machine) and <c>succeeded</c> as
/// each job moves to Succeeded, until its input closes.
/// </summary>
internal static class HangfireServerCommand
{
    public const string Flag = "--hangfire-server";

    public static async Task<bool> TryRunAsync(string[] args)
    {
        var at = Array.IndexOf(args, Flag);
        if (at < 0)
        {
            return false;
        }

        var output = Console.Out;
        void Print(string line)
        {
            lock (output)
            {
                output.WriteLine(line);
            }
        }

        HangfireJobs.OnStarted = (key, timestamp) => Print(string.Create(CultureInfo.InvariantCulture, $"started {key} {timestamp}"));
        GlobalJobFilters.Filters.Add(new HangfireSucceededCounter(() => Print("succeeded")));
        var poll = Value(args, "--poll") is { } ms ? TimeSpan.FromMilliseconds(int.Parse(ms, CultureInfo.InvariantCulture)) : (TimeSpan?)null;
        var storage = HangfireStorages.Create(args[at + 1], args[at + 2], Value(args, "--schema"), poll);
        using (var server = new BackgroundJobServer(new BackgroundJobServerOptions(), storage))
        {
            Print("ready");
            // Runs until the parent closes standard input.
            await Console.In.ReadToEndAsync();
            server.SendStop();
            await server.WaitForShutdownAsync(CancellationToken.None);
        }

        (storage as IDisposable)?.Dispose();
        return true;
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
