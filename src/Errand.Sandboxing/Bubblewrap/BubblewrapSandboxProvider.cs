using Errand.Sandboxing.Network;
using Errand.Sandboxing.Processes;
using Errand.Specs;

namespace Errand.Sandboxing.Bubblewrap;

/// <summary>
/// The default sandbox on Linux: bubblewrap with every namespace unshared, an unprivileged uid, no capabilities,
/// a read-only system, and only the workspace writable. It fails closed: anything it cannot set up exactly as the
/// spec asks (no bwrap, no user namespaces, a network policy or a limit it cannot enforce) is an error, never a
/// quieter sandbox.
/// </summary>
public sealed class BubblewrapSandboxProvider(BubblewrapOptions options) : ISandboxProvider
{
    private readonly Lazy<Task<string>> _probe = new(() => ProbeAsync(options));

    /// <inheritdoc/>
    public string Backend => SandboxBackends.Bubblewrap;

    /// <inheritdoc/>
    public async Task<ISandbox> CreateAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        var bwrap = await _probe.Value.WaitAsync(cancellationToken);
        var spec = request.Spec;
        if (spec.Network.Mode == NetworkMode.Allow && !File.Exists(options.Socat))
        {
            throw new SandboxUnavailableException(
                $"a network allow-list needs socat inside the sandbox ({options.Socat} not found); install the 'socat' package");
        }

        if ((spec.Limits.Processes is not null || spec.Limits.MemoryBytes is not null) && CgroupLimits.Unavailable() is { } why)
        {
            throw new SandboxUnavailableException($"sandbox.limits asks for process or memory limits, and {why}");
        }

        if (!Directory.Exists(request.WorkspacePath))
        {
            throw new SandboxUnavailableException($"workspace {request.WorkspacePath} does not exist");
        }

        var git = WorktreeGitDir.Find(request.WorkspacePath);
        if (spec.Network.Mode != NetworkMode.Allow)
        {
            return new BubblewrapSandbox(bwrap, options, request, git, null);
        }

        var dir = Directory.CreateTempSubdirectory("errand-egress-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        var proxy = new EgressProxy(Path.Combine(dir, "proxy.sock"), new HostAllowList(spec.Network.AllowHosts), options.Resolve, request.OnEgress);
        return new BubblewrapSandbox(bwrap, options, request, git, proxy);
    }

    private static async Task<string> ProbeAsync(BubblewrapOptions options)
    {
        var bwrap = Resolve(options.Executable)
            ?? throw new SandboxUnavailableException(
                $"bubblewrap is not installed ('{options.Executable}' not found); install the 'bubblewrap' package, "
                + "or choose sandbox: { backend: none } explicitly to run without isolation");

        // One real sandbox start: user namespaces can be disabled by the kernel or the container, and that is
        // only found out by trying.
        var result = await ShellRunner.RunAsync(bwrap, [.. BubblewrapArguments.Probe(options), "/bin/true"], Path.GetTempPath(),
            new Dictionary<string, string>(), TimeSpan.FromSeconds(20), options.TimeProvider, null, CancellationToken.None);
        return result.ExitCode == 0
            ? bwrap
            : throw new SandboxUnavailableException($"bubblewrap cannot start a sandbox here (exit {result.ExitCode}): {result.OutputTail}");
    }

    private static string? Resolve(string executable)
    {
        if (executable.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(executable) ? executable : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);
    }
}
