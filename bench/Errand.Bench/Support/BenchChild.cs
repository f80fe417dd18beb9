using System.Diagnostics;

namespace Errand.Bench.Support;

/// <summary>
/// Starts this program again as a child process in one of its worker modes (<c>--store-worker</c>,
/// <c>--hangfire-server</c>), hands every line it prints to <c>onLine</c>, and returns once it printed <c>ready</c>.
/// The child runs until its standard input closes.
/// </summary>
internal static class BenchChild
{
    public static Process Start(IEnumerable<string> arguments, Action<string> onLine)
    {
        // The same build of this program: through dotnet when run as a dll, else its own apphost.
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BenchChild).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
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

            onLine(line);
        };
        process.BeginOutputReadLine();
        ready.Task.WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        return process;
    }

    /// <summary>Closes the child's input (its signal to stop) and waits for it to exit, killing it after <paramref name="grace"/>.</summary>
    public static async Task StopAsync(Process child, TimeSpan grace)
    {
        try
        {
            child.StandardInput.Close();
            await child.WaitForExitAsync().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
    }

    /// <summary>The CPU time the child has used so far (zero once it is gone).</summary>
    public static TimeSpan CpuTime(Process child)
    {
        try
        {
            child.Refresh();
            return child.HasExited ? TimeSpan.Zero : child.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }
}
