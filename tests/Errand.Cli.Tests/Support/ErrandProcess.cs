using System.Collections.Concurrent;
using System.Diagnostics;

namespace Errand.Cli.Tests.Support;

/// <summary>A real `errand` process (the built CLI), with its output captured line by line.</summary>
internal sealed class ErrandProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private ErrandProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stdout.Enqueue(e.Data);
            }

            OnLine(e.Data);
        };
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Output => string.Join('\n', _lines);

    public string Stdout => string.Join('\n', _stdout);

    public static ErrandProcess Start(string dataDir, string workingDirectory, params string[] args) =>
        Start(dataDir, workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Starts errand with extra environment variables (set after the defaults, so they can override them).</summary>
    public static ErrandProcess Start(string dataDir, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "errand.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ERRAND_HOME"] = dataDir;
        start.Environment["NO_COLOR"] = "1";
        start.Environment["TERM"] = "dumb";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new ErrandProcess(Process.Start(start)!);
    }

    /// <summary>Runs errand to the end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string dataDir, string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var (code, stdout, all) = await RunCapturedAsync(dataDir, workingDirectory, timeout, args);
        return (code, args.Contains("--json") ? stdout : all);
    }

    /// <summary>Runs errand to the end; returns its exit code, its standard output alone, and all its output.</summary>
    public static async Task<(int ExitCode, string Stdout, string All)> RunCapturedAsync(string dataDir, string workingDirectory, TimeSpan timeout, params string[] args)
    {
        await using var process = Start(dataDir, workingDirectory, args);
        var code = await process.WaitForExitAsync(timeout);
        return (code, process.Stdout, process.Output);
    }

    /// <summary>`errand submit FILE`; returns the new task's id.</summary>
    public static async Task<long> SubmitAsync(string dataDir, string workingDirectory, string spec, TimeSpan timeout)
    {
        var (code, stdout, all) = await RunCapturedAsync(dataDir, workingDirectory, timeout, "submit", spec);
        if (code != 0)
        {
            throw new InvalidOperationException($"errand submit exited {code}:\n{all}");
        }

        return long.Parse(stdout.Trim().Split('\n')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes <paramref name="text"/> to errand's standard input and closes it.</summary>
    public async Task WriteInputAndCloseAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        _process.StandardInput.Close();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"errand did not exit within {timeout}. Output so far:\n{Output}");
        }

        _process.WaitForExit(); // drains the asynchronous output readers
        return _process.ExitCode;
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var seen = 0;
        while (true)
        {
            var lines = _lines.ToArray();
            for (; seen < lines.Length; seen++)
            {
                if (match(lines[seen]))
                {
                    return lines[seen];
                }
            }

            try
            {
                await _lineArrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching line within {timeout}. Output:\n{Output}");
            }
        }
    }

    public void Signal(int signal) => Native.Signal(_process.Id, signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                Native.Signal(_process.Id, Native.SigCont);
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        _lineArrived.Release();
    }
}
