using System.Diagnostics;
using System.Globalization;

namespace Errand.Bench.Stores;

/// <summary>
/// Starts this program as a <see cref="StoreWorkerCommand"/> child process over a store and reports each agent start
/// it prints (task id, Stopwatch timestamp); returns once the worker is ready.
/// </summary>
internal static class StoreWorkerProcess
{
    public static Process Start(string location, IEnumerable<string> options, Action<long, long> onStarted)
    {
        // The same build of this program, in worker mode: through dotnet when run as a dll, else its own apphost.
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(StoreWorkerProcess).Assembly.Location);
        }

        start.ArgumentList.Add("--store-worker");
        start.ArgumentList.Add(location);
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }

        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            if (line == "ready")
            {
                ready.TrySetResult();
                return;
            }

            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[0] == "started")
            {
                onStarted(long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        };
        process.BeginOutputReadLine();
        ready.Task.WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        return process;
    }
}
