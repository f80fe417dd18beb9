using System.Net;
using System.Net.Sockets;
using Errand.Engine.Tests.Support;
using Errand.Sandboxing;
using Errand.Sandboxing.Bubblewrap;
using Errand.Specs;
using Errand.Tests.Shared;

namespace Errand.Engine.Tests.Sandboxing;

/// <summary>Real bubblewrap (installed by test.sh): escape attempts, each blocked.</summary>
public sealed class BubblewrapSandboxTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("errand-bwrap-").FullName;
    private readonly string _workspace;

    public BubblewrapSandboxTests()
    {
        _workspace = Directory.CreateDirectory(Path.Combine(_root, "workspace")).FullName;
    }

    private static BubblewrapSandboxProvider Provider() => new(new BubblewrapOptions());

    private async Task<(SandboxResult Result, string Output)> RunAsync(string line, SandboxSpec? spec = null, TimeSpan? timeout = null)
    {
        await using var sandbox = await Provider().CreateAsync(new SandboxRequest(_workspace, spec ?? new SandboxSpec()), CancellationToken.None);
        var lines = new List<string>();
        var result = await sandbox.RunAsync(new SandboxCommand(line) { Timeout = timeout ?? TimeSpan.FromSeconds(30) },
            l => { lock (lines) { lines.Add(l.Text); } return ValueTask.CompletedTask; }, CancellationToken.None);
        return (result, string.Join('\n', lines));
    }

    [Fact]
    public async Task Run_AsUnprivilegedUserWithNoCapabilities_InTheWorkspace()
    {
        var (result, output) = await RunAsync("id -u; grep CapEff /proc/self/status; pwd; echo made > made.txt");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["1000", "CapEff:\t0000000000000000", "/workspace"], output.Split('\n'));
        Assert.Equal("made\n", await File.ReadAllTextAsync(Path.Combine(_workspace, "made.txt")));
    }

    [Fact]
    public async Task Run_PlantedKeyOutsideTheWorkspace_AndTheHomeDirectory_AreNotThere()
    {
        var planted = Path.Combine(_root, "id_rsa");
        await File.WriteAllTextAsync(planted, "PRIVATE KEY");
        var database = Path.Combine(_root, "errand.db");
        await File.WriteAllTextAsync(database, "SQLITE");

        var (_, output) = await RunAsync($"cat {planted}; cat {database}; ls /root; cat /etc/shadow; ls /run /var/run; echo done");

        Assert.DoesNotContain("PRIVATE KEY", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLITE", output, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", output, StringComparison.Ordinal);
        Assert.EndsWith("done", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WritesOutsideTheWorkspace_FailOrStayInsideTheSandbox()
    {
        var outside = Path.Combine(_root, "escaped.txt");

        var (_, output) = await RunAsync($"echo x > {outside}; echo x > /usr/escaped.txt; echo x > /tmp/private.txt && echo tmp-ok");

        Assert.False(File.Exists(outside));
        Assert.False(File.Exists("/usr/escaped.txt"));
        Assert.False(File.Exists("/tmp/private.txt"));
        Assert.Contains("tmp-ok", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_HostLoopbackService_IsUnreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync();

        var (_, output) = await RunAsync($"bash -c 'echo hi > /dev/tcp/127.0.0.1/{port}' && echo connected || echo refused");

        Assert.Equal("refused", output.Split('\n')[^1]);
        Assert.False(accepted.IsCompleted);
    }

    [Fact]
    public async Task Run_NetworkNone_OnlyAPrivateLoopbackAndNoNameResolution()
    {
        var (_, output) = await RunAsync("awk -F: 'NR > 2 { gsub(/ /, \"\", $1); print $1 }' /proc/net/dev; getent hosts example.org && echo resolved || echo no-dns");

        Assert.Equal(["lo", "no-dns"], output.Split('\n'));
    }

    [Fact]
    public async Task Run_HostEnvironment_IsInvisible_EvenThroughProc1Environ()
    {
        Environment.SetEnvironmentVariable("ERRAND_TEST_HOST_SECRET", "hunter2");
        try
        {
            var (_, output) = await RunAsync("env; tr '\\0' '\\n' < /proc/1/environ");

            Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ERRAND_TEST_HOST_SECRET", null);
        }
    }

    [Fact]
    public async Task Run_FileSizeLimit_StopsTheWrite()
    {
        var spec = new SandboxSpec { Limits = new SandboxLimits { FileSizeBytes = 4096 } };

        var (result, _) = await RunAsync("head -c 100000 /dev/zero > big.bin", spec);

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(new FileInfo(Path.Combine(_workspace, "big.bin")).Length <= 4096);
    }

    [Fact]
    public async Task Run_PastItsTimeout_IsKilledWithEverythingItStarted()
    {
        var (result, _) = await RunAsync("sleep 60 & sleep 60", timeout: TimeSpan.FromMilliseconds(500));

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
    }

    [Fact]
    public async Task Create_BubblewrapMissing_FailsClosedSayingWhy()
    {
        var provider = new BubblewrapSandboxProvider(new BubblewrapOptions { Executable = Path.Combine(_root, "no-bwrap") });

        var ex = await Assert.ThrowsAsync<SandboxUnavailableException>(() =>
            provider.CreateAsync(new SandboxRequest(_workspace, new SandboxSpec()), CancellationToken.None));
        Assert.Contains("bubblewrap is not installed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NetworkAllowListWithoutTheForwarder_FailsClosed()
    {
        var spec = new SandboxSpec { Network = new NetworkPolicy { Mode = NetworkMode.Allow, AllowHosts = ["example.org"] } };
        var provider = new BubblewrapSandboxProvider(new BubblewrapOptions { Socat = "/nonexistent/socat" });

        var ex = await Assert.ThrowsAsync<SandboxUnavailableException>(() =>
            provider.CreateAsync(new SandboxRequest(_workspace, spec), CancellationToken.None));
        Assert.Contains("socat", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NetworkAllowList_AllowedHostIsReachedThroughTheProxy_OtherIsRefused_BothReported()
    {
        using var allowed = new LoopbackHttpServer("hello from allowed");
        using var denied = new LoopbackHttpServer("should never be seen");
        var decisions = new List<EgressDecision>();
        var spec = new SandboxSpec { Network = new NetworkPolicy { Mode = NetworkMode.Allow, AllowHosts = ["allowed.errand.test"] } };
        var provider = new BubblewrapSandboxProvider(new BubblewrapOptions
        {
            Resolve = (host, _) => Task.FromResult(host.EndsWith(".errand.test", StringComparison.Ordinal) ? [IPAddress.Loopback] : Array.Empty<IPAddress>()),
        });
        await using var sandbox = await provider.CreateAsync(
            new SandboxRequest(_workspace, spec) { OnEgress = d => { lock (decisions) { decisions.Add(d); } } }, CancellationToken.None);
        var lines = new List<string>();

        var result = await sandbox.RunAsync(
            new SandboxCommand(
                $"curl -sS http://allowed.errand.test:{allowed.Port}/ ; echo; "
                + $"curl -sS -o /dev/null -w '%{{http_code}}' http://denied.errand.test:{denied.Port}/ ; echo; "
                + $"curl -sS --max-time 5 http://127.0.0.1:{denied.Port}/ --noproxy '*' || echo direct-refused")
            { Timeout = TimeSpan.FromSeconds(30) },
            l => { lines.Add(l.Text); return ValueTask.CompletedTask; }, CancellationToken.None);

        Assert.Contains("hello from allowed", lines);
        Assert.Contains("403", lines);
        Assert.Contains("direct-refused", lines);
        Assert.DoesNotContain(lines, l => l.Contains("never be seen", StringComparison.Ordinal));
        Assert.Equal(0, denied.Requests);
        Assert.Contains(new EgressDecision("allowed.errand.test", allowed.Port, true), decisions);
        Assert.Contains(new EgressDecision("denied.errand.test", denied.Port, false), decisions);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Run_ForkBomb_IsCappedByTheProcessLimitAndCleanedUp()
    {
        var spec = new SandboxSpec { Limits = new SandboxLimits { Processes = 40 } };

        var (result, output) = await RunAsync("bomb() { bomb | bomb & }; bomb; sleep 2; for i in $(seq 1 100); do sleep 30 & done; echo spawned-all", spec, TimeSpan.FromSeconds(15));

        Assert.DoesNotContain("spawned-all", output, StringComparison.Ordinal);
        var groups = Directory.Exists("/sys/fs/cgroup/pids") ? "/sys/fs/cgroup/pids" : "/sys/fs/cgroup";
        Assert.Empty(Directory.GetDirectories(groups, "errand-*"));
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task Run_AllocatingPastTheMemoryLimit_IsKilled()
    {
        var spec = new SandboxSpec { Limits = new SandboxLimits { MemoryBytes = 64L << 20 } };

        var (result, output) = await RunAsync("/usr/bin/python3 -c 'x = bytearray(300 * 1024 * 1024); print(\"allocated\")'; echo exit=$?", spec);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("allocated", output, StringComparison.Ordinal);
        Assert.Contains("exit=137", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InAGitWorktree_GitWorksButTheMirrorStaysReadOnly()
    {
        using var repo = new TempGitRepo();
        repo.WriteFile("a.txt", "a\n");
        repo.Commit("initial");
        var mirror = Path.Combine(_root, "mirror.git");
        repo.Git("clone", "--quiet", "--bare", repo.RepoPath, mirror);
        var worktree = Path.Combine(_root, "wt");
        repo.Git("--git-dir=" + mirror, "worktree", "add", "--quiet", "--detach", worktree, "HEAD");

        await using var sandbox = await Provider().CreateAsync(new SandboxRequest(worktree, new SandboxSpec()), CancellationToken.None);
        var lines = new List<string>();
        var result = await sandbox.RunAsync(
            new SandboxCommand("echo b > b.txt; git status --porcelain; touch " + mirror + "/hooks/evil && echo hooked"),
            l => { lines.Add(l.Text); return ValueTask.CompletedTask; }, CancellationToken.None);

        Assert.Contains("?? b.txt", lines);
        Assert.DoesNotContain("hooked", lines);
        Assert.False(File.Exists(Path.Combine(mirror, "hooks", "evil")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
