using System.Diagnostics;
using System.Globalization;
using Errand.Sandboxing;
using Errand.Specs;

namespace Errand.Engine.Tests.Sandboxing;

/// <summary>
/// What every sandbox backend promises, run against each real one: commands run in the workspace with exactly the
/// environment given, their output streams line by line with a bounded tail, and a timeout or a cancel kills
/// everything they started. A backend's own tests inherit this and add its isolation on top.
/// </summary>
public abstract class SandboxContractTests : IDisposable
{
    private static readonly TimeSpan Gone = TimeSpan.FromSeconds(10);

    protected SandboxContractTests()
    {
        Root = Directory.CreateTempSubdirectory("errand-sandbox-").FullName;
        Workspace = Directory.CreateDirectory(Path.Combine(Root, "workspace")).FullName;
    }

    /// <summary>A scratch directory outside the workspace, removed after each test.</summary>
    protected string Root { get; }

    /// <summary>The workspace every sandbox of the test gets.</summary>
    protected string Workspace { get; }

    /// <summary>The sandbox spec a test starts from (the backend, chosen explicitly where it must be).</summary>
    protected abstract SandboxSpec BaseSpec { get; }

    protected abstract ISandboxProvider CreateProvider();

    protected async Task<(SandboxResult Result, IReadOnlyList<OutputLine> Lines)> RunAsync(
        string line,
        SandboxSpec? spec = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        Func<OutputLine, ValueTask>? onOutput = null,
        CancellationToken cancellationToken = default)
    {
        var request = new SandboxRequest(Workspace, spec ?? BaseSpec) { Environment = environment ?? new Dictionary<string, string>() };
        await using var sandbox = await CreateProvider().CreateAsync(request, CancellationToken.None);
        var lines = new List<OutputLine>();
        var result = await sandbox.RunAsync(
            new SandboxCommand(line) { Timeout = timeout ?? TimeSpan.FromSeconds(30), WorkingDirectory = workingDirectory },
            async l =>
            {
                lock (lines)
                {
                    lines.Add(l);
                }

                if (onOutput is not null)
                {
                    await onOutput(l);
                }
            },
            cancellationToken);
        lock (lines)
        {
            return (result, [.. lines]);
        }
    }

    protected static string Text(IReadOnlyList<OutputLine> lines) => string.Join('\n', lines.Select(l => l.Text));

    [Fact]
    public async Task Run_ExitCodeAndBothStreams_AreReportedLineByLine()
    {
        var (result, lines) = await RunAsync("echo out; echo err >&2; exit 3");

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Contains(new OutputLine("stdout", "out"), lines);
        Assert.Contains(new OutputLine("stderr", "err"), lines);
    }

    [Fact]
    public async Task Run_WritesToTheWorkspace_LandInTheWorkspace()
    {
        var (result, _) = await RunAsync("mkdir -p sub && echo made > sub/made.txt");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("made\n", await File.ReadAllTextAsync(Path.Combine(Workspace, "sub", "made.txt")));
    }

    [Fact]
    public async Task Run_WorkingDirectoryInsideTheWorkspace_IsUsed()
    {
        Directory.CreateDirectory(Path.Combine(Workspace, "sub"));

        var (result, lines) = await RunAsync("basename \"$(pwd)\"; touch here.txt", workingDirectory: "sub");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("sub", Text(lines));
        Assert.True(File.Exists(Path.Combine(Workspace, "sub", "here.txt")));
    }

    [Theory]
    [InlineData("../..")]
    [InlineData("/etc")]
    [InlineData("sub/../../..")]
    public async Task Run_WorkingDirectoryOutsideTheWorkspace_IsRefused(string workingDirectory)
    {
        await Assert.ThrowsAsync<SandboxUnavailableException>(() => RunAsync("touch escaped.txt", workingDirectory: workingDirectory));
    }

    [Fact]
    public async Task Run_SiblingDirectoryWithTheWorkspaceAsPrefix_IsRefused()
    {
        var sibling = Directory.CreateDirectory(Workspace + "-sibling");

        await Assert.ThrowsAsync<SandboxUnavailableException>(() => RunAsync("touch escaped.txt", workingDirectory: "../" + sibling.Name));
        Assert.Empty(sibling.GetFiles());
    }

    [Fact]
    public async Task Run_InjectedVariables_AreSet_TheHostEnvironmentIsNot()
    {
        Environment.SetEnvironmentVariable("ERRAND_TEST_HOST_SECRET", "hunter2");
        try
        {
            var (result, lines) = await RunAsync("env", environment: new Dictionary<string, string> { ["INJECTED"] = "yes" });

            Assert.Equal(0, result.ExitCode);
            Assert.Contains(new OutputLine("stdout", "INJECTED=yes"), lines);
            Assert.DoesNotContain(lines, l => l.Text.Contains("hunter2", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Text.StartsWith("ERRAND_TEST_HOST_SECRET=", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ERRAND_TEST_HOST_SECRET", null);
        }
    }

    [Fact]
    public Task Run_InjectedSecret_IsOnNoProcessCommandLine_TheCommandSeesIt() => AssertSecretOffCommandLinesAsync(BaseSpec);

    /// <summary>
    /// Runs a command that holds an injected secret while it sleeps, reads the command line of every process on the
    /// host (any local user can, through ps or /proc/&lt;pid&gt;/cmdline), and asserts the value is on none of them.
    /// </summary>
    protected async Task AssertSecretOffCommandLinesAsync(SandboxSpec spec)
    {
        var marker = Marker();
        var secret = $"errand-cmdline-{Guid.NewGuid():N}";
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(
            $"echo \"seen=$CMDLINE_TOKEN\"; sleep {marker}",
            spec,
            environment: new Dictionary<string, string> { ["CMDLINE_TOKEN"] = secret },
            onOutput: l =>
            {
                if (l.Text.StartsWith("seen=", StringComparison.Ordinal))
                {
                    seen.TrySetResult(l.Text);
                }

                return ValueTask.CompletedTask;
            },
            cancellationToken: cancel.Token);
        try
        {
            Assert.Equal("seen=" + secret, await seen.Task.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(await SomeProcessRunsAsync(marker), $"'sleep {marker}' never started");

            var leaking = CommandLines().Where(c => c.Line.Contains(secret, StringComparison.Ordinal)).Select(c => c.Pid).ToList();

            Assert.Empty(leaking);
        }
        finally
        {
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }
    }

    [Fact]
    public async Task Run_LongOutput_KeepsOnlyABoundedTail()
    {
        var (result, lines) = await RunAsync("seq 1 5000; exit 4");

        Assert.Equal(4, result.ExitCode);
        Assert.Equal(5000, lines.Count);
        Assert.EndsWith("5000", result.OutputTail, StringComparison.Ordinal);
        Assert.Contains("earlier lines", result.OutputTail, StringComparison.Ordinal);
        Assert.True(result.OutputTail.Length < 10_000);
    }

    [Fact]
    public async Task Run_PastItsWallTimeLimit_IsKilledWithEverythingItStarted()
    {
        var marker = Marker();
        var started = Stopwatch.GetTimestamp();

        var (result, lines) = await RunAsync($"sleep {marker} & sleep {marker}; echo never", timeout: TimeSpan.FromMilliseconds(500));

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(15));
        Assert.DoesNotContain(lines, l => l.Text == "never");
        Assert.True(await NoProcessRunsAsync(marker), $"a 'sleep {marker}' outlived the timeout");
    }

    [Fact]
    public async Task Run_Cancelled_StopsEverythingItStarted()
    {
        var marker = Marker();
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(
            $"sleep {marker} & echo started; sleep {marker}",
            onOutput: l =>
            {
                if (l.Text == "started")
                {
                    cancel.Cancel();
                }

                return ValueTask.CompletedTask;
            },
            cancellationToken: cancel.Token));

        Assert.True(await NoProcessRunsAsync(marker), $"a 'sleep {marker}' outlived the cancel");
    }

    // A sleep length no other process on the machine uses, so its processes can be found in /proc from outside
    // whatever namespaces the backend put them in.
    private static string Marker() =>
        string.Create(CultureInfo.InvariantCulture, $"{Random.Shared.Next(100, 999)}.{Random.Shared.Next(100_000, 999_999)}");

    private static async Task<bool> NoProcessRunsAsync(string marker)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < Gone)
        {
            if (!ProcessesWith(marker).Any())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    private static async Task<bool> SomeProcessRunsAsync(string marker)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < Gone)
        {
            if (ProcessesWith(marker).Any())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    private static IEnumerable<int> ProcessesWith(string marker) =>
        CommandLines().Where(c => c.Line.Split('\0').Contains(marker)).Select(c => c.Pid);

    private static IEnumerable<(int Pid, string Line)> CommandLines()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            yield return (pid, cmdline);
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
