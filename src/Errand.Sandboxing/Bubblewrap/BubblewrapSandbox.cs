using Errand.Sandboxing.Network;
using Errand.Sandboxing.Processes;

namespace Errand.Sandboxing.Bubblewrap;

/// <summary>A bubblewrap sandbox for one task attempt: each command is a fresh bwrap over the same workspace.</summary>
internal sealed class BubblewrapSandbox(
    string bwrap, BubblewrapOptions options, SandboxRequest request, WorktreeGitDir? git, EgressProxy? proxy) : ISandbox
{
    public string Backend => "bubblewrap";

    public IReadOnlyList<string> Warnings { get; } = request.Spec.Network.Mode == Specs.NetworkMode.Open
        ? ["network: open — the sandbox shares this host's network, including services listening on 127.0.0.1"]
        : [];

    public async Task<SandboxResult> RunAsync(SandboxCommand command, Func<OutputLine, ValueTask>? onOutput, CancellationToken cancellationToken)
    {
        var mount = options.WorkspaceMount;
        var inside = command.WorkingDirectory is null ? mount : Path.GetFullPath(Path.Combine(mount, command.WorkingDirectory));
        if (inside != mount && !inside.StartsWith(mount + "/", StringComparison.Ordinal))
        {
            throw new SandboxUnavailableException($"working directory {command.WorkingDirectory} is outside the workspace");
        }

        var env = new Dictionary<string, string>(SandboxEnvironment.Build(options.Home, request.Environment, command.Environment))
        {
            // The host's PATH names host directories (~/.cargo/bin, ...) that do not exist in here.
            ["PATH"] = command.Environment.GetValueOrDefault("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        };
        if (proxy is not null)
        {
            foreach (var name in (string[])["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"])
            {
                env[name] = BubblewrapArguments.ProxyUrl;
            }
        }
        var shown = command.ReadOnlyPaths.Count == 0 && command.WritablePaths.Count == 0 ? request : request with
        {
            ReadOnlyPaths = [.. request.ReadOnlyPaths, .. command.ReadOnlyPaths],
            WritablePaths = [.. request.WritablePaths, .. command.WritablePaths],
        };
        var args = BubblewrapArguments.For(options, shown, git, proxy, inside, command.CommandLine);
        // bwrap starts with exactly the command's environment and passes it on (it only sets PWD to the directory
        // inside). As pid 1 of the sandbox its /proc/1/environ is readable from inside, so it must hold nothing the
        // command may not see.
        var limits = request.Spec.Limits;
        if (limits.Processes is null && limits.MemoryBytes is null)
        {
            return await ShellRunner.RunAsync(bwrap, args, request.WorkspacePath, env, command.Timeout, options.TimeProvider, onOutput, cancellationToken);
        }

        using var groups = CgroupLimits.Create(limits.Processes, limits.MemoryBytes);
        // A host shell joins the groups and then becomes bwrap, so every process of the sandbox is counted from
        // its first fork on. dash exports PWD (the host path of the workspace) to what it execs: unset, so bwrap's
        // environment, seen inside as /proc/1/environ, stays exactly the command's.
        var join = string.Join("; ", groups.ProcsFiles.Select((_, i) => $"echo $$ > \"${i + 1}\""));
        List<string> wrapped = ["-c", $"{join}; shift {groups.ProcsFiles.Count}; unset PWD; exec \"$@\"", "errand-cgroup", .. groups.ProcsFiles, bwrap, .. args];
        return await ShellRunner.RunAsync("/bin/sh", wrapped, request.WorkspacePath, env, command.Timeout, options.TimeProvider, onOutput, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (proxy is not null)
        {
            await proxy.DisposeAsync();
            Directory.Delete(Path.GetDirectoryName(proxy.SocketPath)!, recursive: true);
        }
    }
}
