using System.Globalization;
using Errand.Specs;

namespace Errand.Sandboxing.Bubblewrap;

/// <summary>The bwrap command line. Every protection is an argument here; nothing is inherited from the host.</summary>
internal static class BubblewrapArguments
{
    // World-readable system files programs need. /etc as a whole is NOT bound: inside the sandbox the uid maps to
    // the worker's own, so root-owned secrets such as /etc/shadow would be readable.
    private static readonly string[] EtcFiles =
    [
        "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/ssl", "/etc/ca-certificates",
        "/etc/localtime", "/etc/nsswitch.conf", "/etc/hosts", "/etc/passwd", "/etc/group", "/etc/mime.types",
    ];

    /// <summary>Where the in-sandbox forwarder listens; HTTP(S)_PROXY point here.</summary>
    public const string ProxyUrl = "http://127.0.0.1:3128";

    private const string ProxyDir = "/run/errand";

    // Starts the forwarder from the sandbox's loopback to the proxy socket, waits until it listens (0C38 = 3128,
    // 0A = LISTEN in /proc/net/tcp), then becomes the command ($1).
    private const string ProxyPrelude =
        "socat TCP-LISTEN:3128,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:" + ProxyDir + "/proxy.sock & i=0; "
        + "while ! grep -q ':0C38 00000000:0000 0A' /proc/net/tcp; do i=$((i+1)); "
        + "if [ $i -gt 500 ]; then echo 'errand: the egress forwarder did not start' >&2; exit 125; fi; sleep 0.01; done; "
        + "exec /bin/sh -c \"$1\"";

    private static readonly string[] SystemDirs = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt"];

    /// <summary>The isolation every sandbox gets with an empty environment: the probe that bwrap works at all.</summary>
    public static List<string> Probe(BubblewrapOptions options) => [.. Isolation(options), "--clearenv"];

    private static List<string> Isolation(BubblewrapOptions options)
    {
        var uid = options.SandboxUid.ToString(CultureInfo.InvariantCulture);
        List<string> args =
        [
            "--unshare-all", "--unshare-user", "--uid", uid, "--gid", uid,
            "--cap-drop", "ALL", "--disable-userns",
            // --new-session: no TIOCSTI injection into the worker's terminal (CVE-2017-5226).
            "--new-session", "--die-with-parent",
            "--hostname", "errand",
        ];
        foreach (var dir in SystemDirs)
        {
            AddSystemPath(args, dir);
        }

        foreach (var file in EtcFiles.Where(Path.Exists))
        {
            args.AddRange(["--ro-bind", file, file]);
        }

        args.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", options.Home]);
        AddHidden(args, options.HiddenPaths);
        return args;
    }

    // Covers Errand's own files where a read-only system bind would show them. Paths outside every bound directory
    // are not in the sandbox at all and need nothing. Later binds (a worktree's mirror) may still show a part of a
    // hidden directory on purpose; they come after this.
    private static void AddHidden(List<string> args, IReadOnlyList<string> hiddenPaths)
    {
        var shown = SystemDirs.Concat(EtcFiles).ToArray();
        foreach (var hidden in hiddenPaths)
        {
            var real = RealPath(hidden);
            if (!shown.Any(dir => real == dir || real.StartsWith(dir + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            if (Directory.Exists(real))
            {
                args.AddRange(["--tmpfs", real]);
            }
            else if (File.Exists(real))
            {
                args.AddRange(["--ro-bind", "/dev/null", real]);
            }
        }
    }

    public static List<string> For(
        BubblewrapOptions options, SandboxRequest request, WorktreeGitDir? git, Network.EgressProxy? proxy,
        string workingDirectory, string commandLine)
    {
        // No --clearenv and no --setenv: the command gets bwrap's own environment, which ShellRunner made exact.
        // SECRETS: a value as an argument would be on bwrap's command line, which any local user reads in ps or
        // /proc/<pid>/cmdline for as long as the command runs; /proc/<pid>/environ is readable by the owner only.
        var args = Isolation(options);
        if (request.Spec.Network.Mode == NetworkMode.Open)
        {
            // Only an explicit `network: open` shares the host's network; --unshare-all left only a private lo.
            args.Add("--share-net");
        }

        if (git is not null)
        {
            args.AddRange(["--ro-bind", git.CommonDir, git.CommonDir, "--bind", git.GitDir, git.GitDir]);
        }

        // An overlay workspace's own .git borrows the mirror's objects through an alternates file; they are shown
        // read-only where that file says.
        foreach (var path in request.ReadOnlyPaths.Where(Directory.Exists))
        {
            args.AddRange(["--ro-bind", path, path]);
        }

        foreach (var path in request.WritablePaths.Where(Directory.Exists))
        {
            args.AddRange(["--bind", path, path]);
        }

        // A warm environment's home layer (an overlay per attempt) replaces the empty tmpfs home.
        if (request.HomeDirectory is { } home)
        {
            args.AddRange(["--bind", home, options.Home]);
        }

        if (proxy is not null)
        {
            args.AddRange(["--ro-bind", Path.GetDirectoryName(proxy.SocketPath)!, ProxyDir]);
        }

        args.AddRange(["--bind", request.WorkspacePath, options.WorkspaceMount, "--chdir", workingDirectory]);

        args.Add("--");
        var limits = request.Spec.Limits;
        if (limits.FileSizeBytes is not null || limits.Cpu is not null)
        {
            // prlimit applies exact byte and second limits to the command and everything it starts.
            args.Add("/usr/bin/prlimit");
            if (limits.FileSizeBytes is { } bytes)
            {
                args.Add(string.Create(CultureInfo.InvariantCulture, $"--fsize={bytes}:{bytes}"));
            }

            if (limits.Cpu is { } cpu)
            {
                var seconds = (long)Math.Ceiling(cpu.TotalSeconds);
                args.Add(string.Create(CultureInfo.InvariantCulture, $"--cpu={seconds}:{seconds}"));
            }

            args.Add("--");
        }

        args.AddRange(proxy is null ? ["/bin/sh", "-c", commandLine] : ["/bin/sh", "-c", ProxyPrelude, "errand-egress", commandLine]);
        return args;
    }

    // Every symlink on the way resolved (/lib → /usr/lib on Debian), so a hidden path is matched where it really is.
    private static string RealPath(string path)
    {
        var current = "/";
        foreach (var part in Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = new FileInfo(Path.Combine(current, part));
            current = next.LinkTarget is null ? next.FullName : next.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next.FullName;
        }

        return current;
    }

    private static void AddSystemPath(List<string> args, string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
        {
            args.AddRange(["--symlink", target, path]);
        }
        else if (Directory.Exists(path))
        {
            args.AddRange(["--ro-bind", path, path]);
        }
    }
}
