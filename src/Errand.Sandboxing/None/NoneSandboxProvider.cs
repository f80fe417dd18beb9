using Errand.Specs;

namespace Errand.Sandboxing.None;

/// <summary>
/// The explicit no-isolation backend, for machines without bubblewrap. It runs only when a spec names it, and
/// every sandbox it makes says loudly what it does not protect against.
/// </summary>
public sealed class NoneSandboxProvider(TimeProvider time) : ISandboxProvider
{
    /// <inheritdoc/>
    public string Backend => SandboxBackends.None;

    /// <inheritdoc/>
    public Task<ISandbox> CreateAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        // Fail closed: this backend is never a silent fallback. Only a spec that chose it gets it.
        if (!request.Spec.BackendExplicit || request.Spec.Backend != SandboxBackends.None)
        {
            throw new SandboxUnavailableException(
                "the 'none' sandbox runs only when a spec chooses it explicitly (sandbox: { backend: none })");
        }

        if (request.Spec.Network.Mode != NetworkMode.Open && request.Spec.NetworkExplicit)
        {
            throw new SandboxUnavailableException(
                $"the 'none' sandbox cannot enforce network policy '{request.Spec.Network.Mode.ToString().ToLowerInvariant()}'; "
                + "use bubblewrap or set sandbox.network: open");
        }

        if (!Directory.Exists(request.WorkspacePath))
        {
            throw new SandboxUnavailableException($"workspace {request.WorkspacePath} does not exist");
        }

        return Task.FromResult<ISandbox>(new NoneSandbox(request, time));
    }
}
