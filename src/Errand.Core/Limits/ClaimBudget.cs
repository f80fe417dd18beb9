namespace Errand.Limits;

/// <summary>
/// How many more tasks one claim may start under the concurrency limits, given what is running: the stores take the oldest
/// queued tasks one by one through <see cref="TryTake"/>, which skips (never rejects) a task whose repository is at its
/// limit, so tasks of other repositories behind it still start. Counts only <c>running</c> tasks: a parked task
/// (waiting for a human, in retry backoff) holds no worker and no slot.
/// </summary>
public sealed class ClaimBudget
{
    private readonly Dictionary<string, int> _repoLeft = new(StringComparer.Ordinal);
    private int _left;

    /// <param name="limits">Every limit in the store.</param>
    /// <param name="runningByRepo">Running tasks per repository key; tasks without a repository under the empty key.</param>
    /// <param name="maxTasks">The most the claimer asked for.</param>
    public ClaimBudget(IEnumerable<ConcurrencyLimit> limits, IReadOnlyDictionary<string, int> runningByRepo, int maxTasks)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(runningByRepo);
        _left = maxTasks;
        foreach (var limit in limits)
        {
            if (limit.Scope == LimitScopes.Global)
            {
                _left = Math.Min(_left, Math.Max(0, limit.MaxRunning - runningByRepo.Values.Sum()));
            }
            else if (LimitScopes.RepoOf(limit.Scope) is { } repo)
            {
                _repoLeft[repo] = Math.Max(0, limit.MaxRunning - runningByRepo.GetValueOrDefault(repo));
            }
        }
    }

    /// <summary>How many more tasks this claim may take.</summary>
    public int Remaining => _left;

    /// <summary>The repositories at their limit: queued tasks of these are passed over.</summary>
    public IReadOnlyList<string> Full => [.. _repoLeft.Where(kv => kv.Value == 0).Select(kv => kv.Key)];

    /// <summary>
    /// The ids of the oldest queued tasks these limits let start, read a page at a time through <paramref name="page"/>
    /// (queued tasks after an id, outside the full repositories, oldest first, at most a count, as (id, repository key)).
    /// </summary>
    public async Task<List<long>> PickAsync(Func<long, IReadOnlyList<string>, int, ValueTask<IReadOnlyList<(long Id, string? Repo)>>> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var picked = new List<long>();
        var after = 0L;
        while (Remaining > 0)
        {
            var size = Remaining;
            var rows = await page(after, Full, size);
            foreach (var (id, repo) in rows)
            {
                after = id;
                if (TryTake(repo))
                {
                    picked.Add(id);
                }
            }

            if (rows.Count < size)
            {
                break;
            }
        }

        return picked;
    }

    /// <summary>Takes a slot for a task of <paramref name="repo"/> (null: none) if its limits allow; false to pass it over.</summary>
    public bool TryTake(string? repo)
    {
        if (_left == 0)
        {
            return false;
        }

        if (repo is not null && _repoLeft.TryGetValue(repo, out var repoLeft))
        {
            if (repoLeft == 0)
            {
                return false;
            }

            _repoLeft[repo] = repoLeft - 1;
        }

        _left--;
        return true;
    }
}
