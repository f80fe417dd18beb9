using Errand.Limits;
using Errand.Specs;
using Errand.Storage;

namespace Errand.Application.Limits;

/// <summary>Concurrency limits kept in the store (global, per repository): set, remove, list. The CLI and the API both come here.</summary>
/// <param name="store">The store.</param>
public sealed class LimitService(IErrandStore store)
{
    /// <summary>
    /// The scope named by <paramref name="global"/> or <paramref name="repo"/> (exactly one), or null with the field at
    /// fault (<c>scope</c> or <c>repo</c>) and why. A relative repo is only taken when <paramref name="relativeAllowed"/>
    /// (the CLI: relative to its working directory); the API has none.
    /// </summary>
    /// <param name="global">Every task.</param>
    /// <param name="repo">One repository's tasks: a path or a git URL, as specs name it.</param>
    /// <param name="relativeAllowed">Whether a relative path means something here.</param>
    public static (string? Scope, string Field, string Problem) ScopeOf(bool global, string? repo, bool relativeAllowed)
    {
        var hasRepo = !string.IsNullOrWhiteSpace(repo);
        if (global == hasRepo)
        {
            return (null, "scope", "give either global or a repo (a path or a git URL)");
        }

        if (global)
        {
            return (LimitScopes.Global, "", "");
        }

        if (!relativeAllowed && !RepoLocation.IsUrl(repo!) && !Path.IsPathFullyQualified(repo!))
        {
            return (null, "repo", $"'{repo}' is relative; give an absolute path or a URL");
        }

        return (LimitScopes.ForRepo(RepoKey.Normalize(repo!)), "", "");
    }

    /// <summary>
    /// Sets a limit; returns what is wrong with <paramref name="maxRunning"/> (below 1) as a sentence naming the field
    /// (<c>max 0: …</c>, worded the same on the store's host and through the API), or an empty string when it was set.
    /// </summary>
    /// <param name="scope">From <see cref="ScopeOf"/>.</param>
    /// <param name="maxRunning">At most this many of the scope's tasks running at once.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public async Task<string> SetAsync(string scope, int maxRunning, CancellationToken cancellationToken)
    {
        if (maxRunning < 1)
        {
            return $"max {maxRunning}: a limit must let at least one task run";
        }

        await store.SetLimitAsync(scope, maxRunning, cancellationToken);
        return "";
    }

    /// <summary>Removes a limit (nothing when there is none).</summary>
    /// <param name="scope">From <see cref="ScopeOf"/>.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public Task RemoveAsync(string scope, CancellationToken cancellationToken) => store.SetLimitAsync(scope, null, cancellationToken);

    /// <summary>The limits, with how many tasks of each run now.</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    public Task<IReadOnlyList<ConcurrencyLimit>> ListAsync(CancellationToken cancellationToken) => store.ListLimitsAsync(cancellationToken);
}
