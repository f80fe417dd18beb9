using Errand.Sandboxing;
using Errand.Sandboxing.None;
using Errand.Specs;

namespace Errand.Engine.Tests.Sandboxing;

/// <summary>The explicit no-isolation backend: the sandbox contract, and that it is never chosen by accident.</summary>
public sealed class NoneSandboxTests : SandboxContractTests
{
    private static readonly SandboxSpec Explicit = new() { Backend = SandboxBackends.None, BackendExplicit = true };

    protected override SandboxSpec BaseSpec => Explicit;

    protected override ISandboxProvider CreateProvider() => new NoneSandboxProvider(TimeProvider.System);

    [Fact]
    public async Task CreateAsync_NotChosenExplicitly_RefusesToRun()
    {
        var ex = await Assert.ThrowsAsync<SandboxUnavailableException>(() =>
            CreateProvider().CreateAsync(new SandboxRequest(Workspace, new SandboxSpec { Backend = SandboxBackends.None }), CancellationToken.None));
        Assert.Contains("explicitly", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_ExplicitNetworkPolicyItCannotEnforce_FailsClosed()
    {
        var spec = Explicit with { NetworkExplicit = true, Network = new NetworkPolicy { Mode = NetworkMode.Allow, AllowHosts = ["example.org"] } };

        await Assert.ThrowsAsync<SandboxUnavailableException>(() => CreateProvider().CreateAsync(new SandboxRequest(Workspace, spec), CancellationToken.None));
    }

    [Fact]
    public async Task CreateAsync_SaysLoudlyWhatItDoesNotProtectAgainst()
    {
        await using var sandbox = await CreateProvider().CreateAsync(new SandboxRequest(Workspace, Explicit), CancellationToken.None);

        var warning = Assert.Single(sandbox.Warnings);
        Assert.Contains("NO SANDBOX", warning, StringComparison.Ordinal);
        Assert.Contains("~/.ssh", warning, StringComparison.Ordinal);
    }
}
