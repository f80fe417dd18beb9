using System.Net;
using System.Net.Sockets;
using Errand.Engine.Tests.Support;
using Errand.Sandboxing;
using Errand.Sandboxing.Bubblewrap;
using Errand.Specs;
using Errand.Tasks;
using Errand.Storage.Sqlite;
using Errand.Tests.Shared;

namespace Errand.Engine.Tests.Sandboxing;

/// <summary>
/// Real bubblewrap (installed by test.sh): the sandbox contract, then escape attempts, each blocked: host secrets,
/// Errand's own files, writes outside, the host's loopback and sockets, names and hosts not allowed, fork bombs,
/// memory and file-size limits, symlinks out of the workspace, the host environment. Terminal injection (TIOCSTI)
/// needs a controlling terminal and is tested through the CLI (<c>TerminalInjectionTests</c>).
/// </summary>
public sealed class BubblewrapSandboxTests : SandboxContractTests
{
    protected override SandboxSpec BaseSpec => new();

    protected override ISandboxProvider CreateProvider() => Provider();

    private static BubblewrapSandboxProvider Provider(BubblewrapOptions? options = null) => new(options ?? new BubblewrapOptions());

    private async Task<(SandboxResult Result, string Output)> RunAsync(string line, SandboxSpec? spec = null, TimeSpan? timeout = null)
    {
        var (result, lines) = await RunAsync(line, spec, timeout, environment: null);
        return (result, Text(lines));
    }

    [Fact]
    public async Task Run_AsUnprivilegedUserWithNoCapabilities_InTheWorkspace()
    {
        var (result, output) = await RunAsync("id -u; grep CapEff /proc/self/status; pwd; echo made > made.txt");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["1000", "CapEff:\t0000000000000000", "/workspace"], output.Split('\n'));
        Assert.Equal("made\n", await File.ReadAllTextAsync(Path.Combine(Workspace, "made.txt")));
    }

    [Fact]
    public async Task Run_PlantedHostSecrets_AndErrandsDatabase_AreNotThere()
    {
        // Planted under the real home (unique names: a real key is never touched), where a careless sandbox that
        // binds / or $HOME would show them.
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var tag = Guid.NewGuid().ToString("N");
        var sshKey = Path.Combine(home, ".ssh", $"errand-test-{Guid.NewGuid():N}");
        var cloud = Path.Combine(home, ".aws", $"errand-test-{Guid.NewGuid():N}");
        var planted = new[] { sshKey, cloud };
        try
        {
            foreach (var file in planted)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, "PRIVATE KEY " + tag);
            }

            var (_, output) = await RunAsync(
                $"cat {sshKey}; cat {cloud}; ls -a {home} {home}/.ssh; ls -a $HOME; ls /home; cat /etc/shadow; cat /proc/1/root{sshKey}; echo done");

            Assert.DoesNotContain(tag, output, StringComparison.Ordinal);
            Assert.DoesNotContain(output.Split('\n'), l => l.Trim() == Path.GetFileName(sshKey));
            Assert.DoesNotContain("root:", output, StringComparison.Ordinal);
            Assert.Contains("done", output.Split('\n')); // stdout and stderr arrive on two pipes: order between them is not kept
        }
        finally
        {
            foreach (var file in planted)
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task Run_ErrandsDataDirectory_UnderAReadOnlySystemDirectory_IsHidden()
    {
        // /opt is shown read-only (tools live there); a data directory placed under it must still be invisible.
        var data = Directory.CreateDirectory(Path.Combine("/opt", $"errand-test-{Guid.NewGuid():N}")).FullName;
        var keyFile = Path.Combine("/opt", $"errand-test-key-{Guid.NewGuid():N}");
        try
        {
            await using (var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { Path = Path.Combine(data, "errand.db") }, CancellationToken.None))
            {
                await store.EnqueueAsync(new NewTask("DATABASE-CONTENT", "{}"), CancellationToken.None);
            }

            await File.WriteAllTextAsync(keyFile, "KEY-CONTENT");
            var options = new BubblewrapOptions { HiddenPaths = [data, keyFile] };
            await using var sandbox = await Provider(options).CreateAsync(new SandboxRequest(Workspace, BaseSpec), CancellationToken.None);
            var lines = new List<string>();

            await sandbox.RunAsync(new SandboxCommand($"ls -a {data}; cat {data}/errand.db; cat {keyFile}; ls /opt; echo done"),
                l => { lines.Add(l.Text); return ValueTask.CompletedTask; }, CancellationToken.None);

            var output = string.Join('\n', lines);
            Assert.DoesNotContain("DATABASE-CONTENT", output, StringComparison.Ordinal);
            Assert.DoesNotContain("SQLite", output, StringComparison.Ordinal);
            Assert.DoesNotContain("KEY-CONTENT", output, StringComparison.Ordinal);
            Assert.DoesNotContain(lines, l => l == "errand.db");
            Assert.Contains("done", output.Split('\n')); // stdout and stderr arrive on two pipes: order between them is not kept
        }
        finally
        {
            Directory.Delete(data, recursive: true);
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task Run_SymlinksInTheRepoPointingOutside_LeadNowhere()
    {
        var planted = Path.Combine(Root, "id_rsa");
        await File.WriteAllTextAsync(planted, "PRIVATE KEY");
        File.CreateSymbolicLink(Path.Combine(Workspace, "shadow"), "/etc/shadow");
        File.CreateSymbolicLink(Path.Combine(Workspace, "key"), planted);
        File.CreateSymbolicLink(Path.Combine(Workspace, "up"), Root);

        var (_, output) = await RunAsync("cat shadow; cat key; ls up; echo x > key; echo done");

        Assert.DoesNotContain("root:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", output, StringComparison.Ordinal);
        Assert.DoesNotContain("workspace", output, StringComparison.Ordinal);
        Assert.Equal("PRIVATE KEY", await File.ReadAllTextAsync(planted));
        Assert.Contains("done", output.Split('\n')); // stdout and stderr arrive on two pipes: order between them is not kept
    }

    [Fact]
    public async Task Run_HostSocketsUnderRun_AreNotThere()
    {
        var path = Path.Combine("/run", $"errand-test-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        var accepted = listener.AcceptAsync();
        try
        {
            var (_, output) = await RunAsync(
                $"ls /run /var/run; socat -u OPEN:/dev/null UNIX-CONNECT:{path} && echo connected || echo refused; "
                + "ls /run/dbus /var/run/docker.sock /run/systemd 2>&1 | head -3");

            Assert.Contains("refused", output, StringComparison.Ordinal);
            Assert.DoesNotContain("connected", output, StringComparison.Ordinal);
            Assert.DoesNotContain(output.Split('\n'), l => l == Path.GetFileName(path));
            Assert.False(accepted.IsCompleted);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Run_WritesOutsideTheWorkspace_FailOrStayInsideTheSandbox()
    {
        var outside = Path.Combine(Root, "escaped.txt");

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

        // stderr is dropped: its lines and stdout's arrive in either order, and only the verdict matters.
        var (_, output) = await RunAsync($"bash -c 'echo hi > /dev/tcp/127.0.0.1/{port}' 2>/dev/null && echo connected || echo refused");

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

    [Theory]
    [InlineData("cgroup limits")]
    [InlineData("egress proxy")]
    public Task Run_InjectedSecret_IsOnNoProcessCommandLine_ThroughEveryWrapper(string wrapper) =>
        AssertSecretOffCommandLinesAsync(wrapper == "cgroup limits"
            ? new SandboxSpec { Limits = new SandboxLimits { Processes = 64, MemoryBytes = 256L << 20 } }
            : new SandboxSpec { Network = new NetworkPolicy { Mode = NetworkMode.Allow, AllowHosts = ["allowed.errand.test"] } });

    [Fact]
    public async Task Run_UnderCgroupLimits_Proc1Environ_HoldsOnlyTheCommandsEnvironment()
    {
        var spec = new SandboxSpec { Limits = new SandboxLimits { Processes = 64 } };

        var (result, lines) = await RunAsync("cat /proc/1/environ | tr '\\0' '\\n'; echo; env", spec, environment: new Dictionary<string, string> { ["INJECTED"] = "yes" });

        var output = Text(lines);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(new OutputLine("stdout", "INJECTED=yes"), lines);
        Assert.DoesNotContain(Workspace, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FileSizeLimit_StopsTheWrite()
    {
        var spec = new SandboxSpec { Limits = new SandboxLimits { FileSizeBytes = 4096 } };

        var (result, _) = await RunAsync("head -c 100000 /dev/zero > big.bin", spec);

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(new FileInfo(Path.Combine(Workspace, "big.bin")).Length <= 4096);
    }

    [Fact]
    public async Task Create_BubblewrapMissing_FailsClosedSayingWhy()
    {
        var provider = new BubblewrapSandboxProvider(new BubblewrapOptions { Executable = Path.Combine(Root, "no-bwrap") });

        var ex = await Assert.ThrowsAsync<SandboxUnavailableException>(() =>
            provider.CreateAsync(new SandboxRequest(Workspace, new SandboxSpec()), CancellationToken.None));
        Assert.Contains("bubblewrap is not installed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NetworkAllowListWithoutTheForwarder_FailsClosed()
    {
        var spec = new SandboxSpec { Network = new NetworkPolicy { Mode = NetworkMode.Allow, AllowHosts = ["example.org"] } };
        var provider = new BubblewrapSandboxProvider(new BubblewrapOptions { Socat = "/nonexistent/socat" });

        var ex = await Assert.ThrowsAsync<SandboxUnavailableException>(() =>
            provider.CreateAsync(new SandboxRequest(Workspace, spec), CancellationToken.None));
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
            new SandboxRequest(Workspace, spec) { OnEgress = d => { lock (decisions) { decisions.Add(d); } } }, CancellationToken.None);
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
        var mirror = Path.Combine(Root, "mirror.git");
        repo.Git("clone", "--quiet", "--bare", repo.RepoPath, mirror);
        var worktree = Path.Combine(Root, "wt");
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

}
