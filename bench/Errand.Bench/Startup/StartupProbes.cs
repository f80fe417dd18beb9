using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Errand.Bench.Support;

namespace Errand.Bench.Startup;

/// <summary>
/// The four starts the scenario times, each from exec of a fresh process: <c>--version</c> to exit, <c>worker</c> to its
/// "started" line, <c>serve</c> to its first answered <c>GET /healthz</c>, and <c>run</c> of the README's first task to exit.
/// CPU is the child's own (plus what it reaped) at that moment, from /proc.
/// </summary>
internal sealed class StartupProbes(string configHome) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary><c>errand --version</c>, exec to exit.</summary>
    public async Task<StartupSample> VersionAsync(CliUnderTest cli, CancellationToken cancellationToken)
    {
        var (wall, cpu, _) = await ToExitAsync(cli, ["--version"], Environment.CurrentDirectory, cancellationToken);
        return new StartupSample("version", cli.Label, wall, cpu);
    }

    /// <summary><c>errand worker</c> on the SQLite store in <paramref name="dataDir"/>, exec to its "started" line; then stopped with SIGTERM.</summary>
    public async Task<StartupSample> WorkerAsync(CliUnderTest cli, string measure, string dataDir, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource<(long At, double Cpu)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var begin = Stopwatch.GetTimestamp();
        using var process = Start(cli, ["--data-dir", dataDir, "worker"], Environment.CurrentDirectory);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("worker ", StringComparison.Ordinal) && line.Contains(" started:", StringComparison.Ordinal))
            {
                started.TrySetResult((Stopwatch.GetTimestamp(), ProcessCpu.Ms(process.Id, reapedChildren: true)));
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var (at, cpu) = await started.Task.WaitAsync(Limit, cancellationToken);
            return new StartupSample(measure, cli.Label, Stopwatch.GetElapsedTime(begin, at).TotalMilliseconds, cpu);
        }
        finally
        {
            await StopAsync(process);
        }
    }

    /// <summary><c>errand serve</c> on the SQLite store in <paramref name="dataDir"/>, exec to the first answered <c>GET /healthz</c>; then stopped with SIGTERM.</summary>
    public async Task<StartupSample> ServeAsync(CliUnderTest cli, string dataDir, CancellationToken cancellationToken)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var begin = Stopwatch.GetTimestamp();
        using var process = Start(cli, ["--data-dir", dataDir, "serve", "--listen", url.ToString().TrimEnd('/')], Environment.CurrentDirectory);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Limit);
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"errand serve exited {process.ExitCode} before answering");
                }

                try
                {
                    using var response = await _http.GetAsync(new Uri(url, "healthz"), limit.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var at = Stopwatch.GetTimestamp();
                        return new StartupSample("serve", cli.Label, Stopwatch.GetElapsedTime(begin, at).TotalMilliseconds, ProcessCpu.Ms(process.Id, reapedChildren: true));
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(5, limit.Token);
            }
        }
        finally
        {
            await StopAsync(process);
        }
    }

    /// <summary><c>errand run examples/fix-greeting/task.md</c> in <paramref name="repository"/> (a fresh copy), exec to exit; it must succeed.</summary>
    public async Task<StartupSample> RunAsync(CliUnderTest cli, string repository, string dataDir, CancellationToken cancellationToken)
    {
        var (wall, cpu, code) = await ToExitAsync(cli, ["--data-dir", dataDir, "run", "examples/fix-greeting/task.md"], repository, cancellationToken);
        return code == 0 ? new StartupSample("run", cli.Label, wall, cpu) : throw new InvalidOperationException($"{cli.Label}: errand run exited {code}");
    }

    public void Dispose() => _http.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<(double WallMs, double CpuMs, int ExitCode)> ToExitAsync(
        CliUnderTest cli, string[] arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        // The child is reaped by the time WaitForExitAsync returns: its CPU is in this process's cutime/cstime.
        var cpuBefore = ProcessCpu.ReapedChildrenMs(Environment.ProcessId);
        var begin = Stopwatch.GetTimestamp();
        using var process = Start(cli, arguments, workingDirectory);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) => errors.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(cancellationToken).WaitAsync(Limit, cancellationToken);
        var wall = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine(string.Join(Environment.NewLine, errors));
        }

        return (wall, ProcessCpu.ReapedChildrenMs(Environment.ProcessId) - cpuBefore, process.ExitCode);
    }

    private Process Start(CliUnderTest cli, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(cli.Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The secret store's key file (serve's key ring) lands in the bench's own config directory, not the user's.
        start.Environment["XDG_CONFIG_HOME"] = configHome;
        start.Environment.Remove("ERRAND_STORE");
        start.Environment.Remove("ERRAND_SERVER");
        return Process.Start(start)!;
    }

    // SIGTERM, the way a service manager stops it; waited for, so its CPU is reaped before the next sample starts.
    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
