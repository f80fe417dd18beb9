namespace Errand.Sandboxing;

/// <summary>Creates sandboxes of one backend.</summary>
public interface ISandboxProvider
{
    /// <summary>The backend name a spec uses in <c>sandbox.backend</c>.</summary>
    string Backend { get; }

    /// <summary>
    /// Sets up a sandbox exactly as asked, or throws <see cref="SandboxUnavailableException"/>: a sandbox that
    /// cannot give the protection asked for fails the task closed, never runs with less.
    /// </summary>
    Task<ISandbox> CreateAsync(SandboxRequest request, CancellationToken cancellationToken);
}
