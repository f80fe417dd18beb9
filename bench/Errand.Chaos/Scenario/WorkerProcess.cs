using System.Collections.Concurrent;
using System.Diagnostics;

namespace Errand.Chaos.Scenario;

/// <summary>One real `errand worker` process ("a host"), its output kept line by line with the time each arrived.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<(DateTimeOffset At, string Line)> _lines = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(string id, Process process)
    {
        Id = id;
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _started.TrySetException(new InvalidOperationException($"worker {Id} exited before it started:\n{Output}"));
        _process.EnableRaisingEvents = true;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Id { get; }

    public int Pid => _process.Id;

    /// <summary>Completes when the worker says it has started (it claims from then on).</summary>
    public Task Started => _started.Task;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _lines.Select(l => l.Line));

    public static WorkerProcess Start(string errandDll, string dataDirectory, string id, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(errandDll);
        start.ArgumentList.Add("worker");
        start.ArgumentList.Add("--id");
        start.ArgumentList.Add(id);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ERRAND_HOME"] = dataDirectory;
        start.Environment["NO_COLOR"] = "1";
        return new WorkerProcess(id, Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Lines printed at or after <paramref name="since"/> that match.</summary>
    public int CountLines(DateTimeOffset since, Func<string, bool> match) => _lines.Count(l => l.At >= since && match(l.Line));

    /// <summary>kill -9: no handler runs, no lease is handed back.</summary>
    public void Kill() => Signal("KILL");

    public void Pause() => Signal("STOP");

    public void Resume() => Signal("CONT");

    /// <summary>SIGTERM (a graceful stop: running tasks finish or are handed back), then waits for the exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        Signal("CONT");
        Signal("TERM");
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async Task WaitForExitAsync() => await _process.WaitForExitAsync();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal("CONT");
            Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Signal(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue((DateTimeOffset.UtcNow, line));
        if (line.StartsWith($"worker {Id} started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }
}
