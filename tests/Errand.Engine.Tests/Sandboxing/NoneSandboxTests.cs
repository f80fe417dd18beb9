using System.Diagnostics;
using Errand.Sandboxing;
using Errand.Sandboxing.None;
using Errand.Specs;

namespace Errand.Engine.Tests.Sandboxing;

public sealed class NoneSandboxTests : IDisposable
{
    private static readonly SandboxSpec Explicit = new() { Backend = SandboxBackends.None, BackendExplicit = true };
    private readonly string _workspace = Directory.CreateTempSubdirectory("errand-none-").FullName;

    [Fact]
    public async Task CreateAsync_NotChosenExplicitly_RefusesToRun()
    {
        var provider = new NoneSandboxProvider(TimeProvider.System);

        var ex = await Assert.ThrowsAsync<SandboxUnavailableException>(() =>
            provider.CreateAsync(new SandboxRequest(_workspace, new SandboxSpec { Backend = SandboxBackends.None }), CancellationToken.None));
        Assert.Contains("explicitly", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_ExplicitNetworkPolicyItCannotEnforce_FailsClosed()
    {
        var provider = new NoneSandboxProvider(TimeProvider.System);
        var spec = Explicit with { NetworkExplicit = true, Network = new NetworkPolicy { Mode = NetworkMode.Allow, AllowHosts = ["example.org"] } };

        await Assert.ThrowsAsync<SandboxUnavailableException>(() => provider.CreateAsync(new SandboxRequest(_workspace, spec), CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_HostEnvironment_IsNotInherited_ButInjectedVariablesAre()
    {
        Environment.SetEnvironmentVariable("ERRAND_TEST_HOST_SECRET", "hunter2");
        try
        {
            await using var sandbox = await new NoneSandboxProvider(TimeProvider.System).CreateAsync(
                new SandboxRequest(_workspace, Explicit) { Environment = new Dictionary<string, string> { ["INJECTED"] = "yes" } }, CancellationToken.None);
            var lines = new List<string>();

            var result = await sandbox.RunAsync(new SandboxCommand("env"), line => { lines.Add(line.Text); return ValueTask.CompletedTask; }, CancellationToken.None);

            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain(lines, l => l.Contains("hunter2", StringComparison.Ordinal));
            Assert.Contains("INJECTED=yes", lines);
            Assert.NotEmpty(sandbox.Warnings);
        }
        finally
        {
            Environment.SetEnvironmentVariable("ERRAND_TEST_HOST_SECRET", null);
        }
    }

    [Fact]
    public async Task RunAsync_Timeout_KillsTheProcessTreeAndSaysSo()
    {
        await using var sandbox = await new NoneSandboxProvider(TimeProvider.System).CreateAsync(new SandboxRequest(_workspace, Explicit), CancellationToken.None);
        var started = Stopwatch.GetTimestamp();

        var result = await sandbox.RunAsync(
            new SandboxCommand("sleep 30 & sleep 30; echo never") { Timeout = TimeSpan.FromMilliseconds(300) }, null, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("never", result.OutputTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LongOutput_KeepsOnlyABoundedTail()
    {
        await using var sandbox = await new NoneSandboxProvider(TimeProvider.System).CreateAsync(new SandboxRequest(_workspace, Explicit), CancellationToken.None);

        var result = await sandbox.RunAsync(new SandboxCommand("seq 1 5000; exit 4"), null, CancellationToken.None);

        Assert.Equal(4, result.ExitCode);
        Assert.EndsWith("5000", result.OutputTail, StringComparison.Ordinal);
        Assert.Contains("earlier lines", result.OutputTail, StringComparison.Ordinal);
        Assert.True(result.OutputTail.Length < 10_000);
    }

    [Fact]
    public async Task RunAsync_WorkingDirectoryOutsideTheWorkspace_IsRefused()
    {
        await using var sandbox = await new NoneSandboxProvider(TimeProvider.System).CreateAsync(new SandboxRequest(_workspace, Explicit), CancellationToken.None);

        await Assert.ThrowsAsync<SandboxUnavailableException>(() =>
            sandbox.RunAsync(new SandboxCommand("true") { WorkingDirectory = "../.." }, null, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_SiblingDirectoryWithTheWorkspaceAsPrefix_IsRefused()
    {
        await using var sandbox = await new NoneSandboxProvider(TimeProvider.System).CreateAsync(new SandboxRequest(_workspace, Explicit), CancellationToken.None);
        var sibling = Directory.CreateDirectory(_workspace + "-sibling");
        try
        {
            await Assert.ThrowsAsync<SandboxUnavailableException>(() =>
                sandbox.RunAsync(new SandboxCommand("true") { WorkingDirectory = "../" + sibling.Name }, null, CancellationToken.None));
        }
        finally
        {
            sibling.Delete();
        }
    }

    public void Dispose() => Directory.Delete(_workspace, recursive: true);
}
