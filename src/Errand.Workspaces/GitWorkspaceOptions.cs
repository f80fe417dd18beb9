namespace Errand.Workspaces;

/// <summary>Settings for <see cref="GitWorkspaceProvider"/>, bound once at start-up.</summary>
public sealed class GitWorkspaceOptions
{
    /// <summary>
    /// The data directory. Mirrors live under <c>repos/&lt;key&gt;.git</c> and workspaces under
    /// <c>workspaces/&lt;taskId&gt;-&lt;attempt&gt;</c>. Required; must be an absolute path.
    /// </summary>
    public string Root { get; set; } = "";

    /// <summary>The name Errand commits under; the user's git config never applies.</summary>
    public string CommitterName { get; set; } = "Errand";

    /// <summary>The email Errand commits under.</summary>
    public string CommitterEmail { get; set; } = "errand@localhost";

    /// <summary>The git executable: a name looked up on PATH, or a full path.</summary>
    public string GitExecutable { get; set; } = "git";

    /// <summary>
    /// The longest a clone or fetch may take. A fetch holds the mirror's lock, so a hung network must not hold
    /// every other worker on that repository forever.
    /// </summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Overlays, worktrees, or overlays where possible (the default).</summary>
    public WorkspaceMode Mode { get; set; } = WorkspaceMode.Auto;

    /// <summary>Cached checkouts (one per repository and commit) kept beyond those in use, most recently used first.</summary>
    public int MaxCachedCheckouts { get; set; } = 16;

    /// <summary>Cached environments (one per setup key) kept beyond those in use, most recently used first.</summary>
    public int MaxCachedEnvironments { get; set; } = 16;

    /// <summary>A cached checkout or environment unused for longer than this is removed (unless in use).</summary>
    public TimeSpan CacheMaxUnused { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The git remote shared by workers on many hosts (a bare repository's path or a URL), or null for none. Each
    /// checkpoint's hidden ref and each delivered task branch is pushed there; a worker resuming a task whose
    /// checkpoint commit its own mirror lacks fetches it from there. Credentials in the URL never reach a log.
    /// </summary>
    public string? SharedRemote { get; set; }

    /// <summary>
    /// The installation whose refs this host writes on the <see cref="SharedRemote"/> (the store's
    /// <c>InstallationIdAsync</c>): checkpoints, delivery records and task branches live there under its own prefix,
    /// so two installations sharing one remote never touch each other's. Required with a shared remote.
    /// </summary>
    public string? InstallationId { get; set; }

    /// <summary>The clock for commit dates and cache ages.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws when a setting is unusable, so a bad configuration fails at start-up rather than mid-task.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Root) || !Path.IsPathFullyQualified(Root))
        {
            throw new ArgumentException($"Root must be an absolute path (got '{Root}').", nameof(Root));
        }

        if (!IsIdentityPart(CommitterName) || !IsIdentityPart(CommitterEmail))
        {
            throw new ArgumentException(
                $"CommitterName and CommitterEmail must be non-empty and free of '<', '>' and line breaks (got '{CommitterName} <{CommitterEmail}>').");
        }

        if (string.IsNullOrWhiteSpace(GitExecutable))
        {
            throw new ArgumentException("GitExecutable must not be empty.", nameof(GitExecutable));
        }

        if (FetchTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("FetchTimeout must be positive.", nameof(FetchTimeout));
        }

        if (MaxCachedCheckouts < 0 || MaxCachedEnvironments < 0 || CacheMaxUnused <= TimeSpan.Zero)
        {
            throw new ArgumentException("MaxCachedCheckouts and MaxCachedEnvironments must not be negative, and CacheMaxUnused must be positive.");
        }

        if (SharedRemote is not null)
        {
            try
            {
                Git.RepoLocation.Classify(SharedRemote);
            }
            catch (WorkspaceException ex)
            {
                throw new ArgumentException($"SharedRemote: {ex.Message}", nameof(SharedRemote));
            }

            if (InstallationId is null || !Git.SharedRemote.IsInstallationId(InstallationId))
            {
                throw new ArgumentException(
                    $"InstallationId must be set with a SharedRemote, 1 to 32 lowercase letters, digits or '-' (got '{InstallationId}').", nameof(InstallationId));
            }
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    private static bool IsIdentityPart(string value) =>
        !string.IsNullOrWhiteSpace(value) && value.IndexOfAny(['<', '>', '\n', '\r', '\0']) < 0;
}
