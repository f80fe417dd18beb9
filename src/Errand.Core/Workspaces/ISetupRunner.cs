namespace Errand.Workspaces;

/// <summary>
/// Runs a spec's <c>setup</c> commands for the workspace provider, in the sandbox the task itself will use. The
/// provider decides when (once per environment key, under a lock) and keeps what they leave behind.
/// </summary>
public interface ISetupRunner
{
    /// <summary>The setup commands, in order; empty for none.</summary>
    IReadOnlyList<string> Commands { get; }

    /// <summary>
    /// The names of the secrets the commands run with and a keyed digest of their values; empty for none. Part of
    /// the environment's key, so a setup that writes a token into the cached layer (an <c>~/.npmrc</c>) hands it
    /// only to later tasks that run with the same secrets and values.
    /// </summary>
    string SecretsDigest { get; }

    /// <summary>
    /// Runs every command in order over <paramref name="target"/>, stopping at the first that fails, and reports
    /// each. Never throws for a command that fails; that is a result.
    /// </summary>
    Task<SetupResult> RunAsync(SetupTarget target, CancellationToken cancellationToken);
}
