namespace Errand.Sandboxing.Bubblewrap;

/// <summary>Settings of the bubblewrap backend.</summary>
public sealed record BubblewrapOptions
{
    /// <summary>The bwrap binary: a path, or a name looked up on PATH.</summary>
    public string Executable { get; init; } = "bwrap";

    /// <summary>The unprivileged uid and gid the sandboxed commands run as.</summary>
    public int SandboxUid { get; init; } = 1000;

    /// <summary>Where the workspace appears inside the sandbox.</summary>
    public string WorkspaceMount { get; init; } = "/workspace";

    /// <summary>HOME inside the sandbox (a private tmpfs).</summary>
    public string Home { get; init; } = "/home/errand";

    /// <summary>socat, run inside the sandbox to forward 127.0.0.1:3128 to the egress proxy's socket.</summary>
    public string Socat { get; init; } = "/usr/bin/socat";

    /// <summary>How the egress proxy resolves host names (DNS by default; tests map names to loopback).</summary>
    public Func<string, CancellationToken, Task<System.Net.IPAddress[]>>? Resolve { get; init; }

    /// <summary>
    /// Host paths that must not be visible inside even when they lie under a directory the sandbox shows read-only
    /// (a data directory under <c>/opt</c>, say): Errand's database, its secrets and their key. Each is covered
    /// with an empty tmpfs (a directory) or an empty file.
    /// </summary>
    public IReadOnlyList<string> HiddenPaths { get; init; } = [];

    /// <summary>The clock (timeouts).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
