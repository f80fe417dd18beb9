using Errand.Limits;
using Errand.Tasks;

namespace Errand.Storage.Tests.Compliance;

/// <summary>The contract of <see cref="ILimitStore"/> and of claims under concurrency limits: work is queued, never rejected.</summary>
public abstract class LimitStoreCompliance : StoreCompliance
{
    private static NewTask InRepo(string repo, string title = "t") => new(title, $$"""{"title":"{{title}}","repo":"{{repo}}"}""");

    [Fact]
    public async Task SetLimit_SetChangeRemove_ListedWithRunningCounts()
    {
        var store = await CreateStoreAsync();
        await store.EnqueueAsync(InRepo("/srv/api/"), Ct);
        await store.EnqueueAsync(InRepo("/srv/web"), Ct);
        await store.ClaimAsync(new ClaimRequest("w1", 10, LeaseTime), Ct);

        await store.SetLimitAsync(LimitScopes.Global, 8, Ct);
        await store.SetLimitAsync(LimitScopes.ForRepo("/srv/api"), 1, Ct);
        await store.SetLimitAsync(LimitScopes.ForRepo("/srv/none"), 5, Ct);
        await store.SetLimitAsync(LimitScopes.ForRepo("/srv/none"), 3, Ct);
        await store.SetLimitAsync(LimitScopes.ForRepo("/srv/gone"), 3, Ct);
        await store.SetLimitAsync(LimitScopes.ForRepo("/srv/gone"), null, Ct);

        Assert.Equal(
            [new ConcurrencyLimit("global", 8, 2), new ConcurrencyLimit("repo:/srv/api", 1, 1), new ConcurrencyLimit("repo:/srv/none", 3, 0)],
            await store.ListLimitsAsync(Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetLimitAsync("team:x", 2, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SetLimitAsync(LimitScopes.Global, 0, Ct));
    }

    [Fact]
    public async Task Claim_RepoAtItsLimit_SkipsItsTasksAndStartsOthersBehindThem()
    {
        var store = await CreateStoreAsync();
        await store.SetLimitAsync(LimitScopes.ForRepo("/srv/api"), 1, Ct);
        var a1 = await store.EnqueueAsync(InRepo("/srv/api"), Ct);
        var a2 = await store.EnqueueAsync(InRepo("/srv/api/"), Ct);
        var b1 = await store.EnqueueAsync(InRepo("/srv/web"), Ct);
        var none = await store.EnqueueAsync(Submission(), Ct);

        var first = await store.ClaimAsync(new ClaimRequest("w1", 10, LeaseTime), Ct);

        Assert.Equal([a1.Id, b1.Id, none.Id], first.Select(c => c.Task.Id));
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w2", 10, LeaseTime), Ct));
        Assert.True((await store.TransitionAsync(new TaskTransition(a1.Id, [TaskState.Running], TaskState.Succeeded) { Lease = first[0].Lease }, Ct)).Applied);
        Assert.Equal([a2.Id], (await store.ClaimAsync(new ClaimRequest("w2", 10, LeaseTime), Ct)).Select(c => c.Task.Id));
    }

    [Fact]
    public async Task Claim_ParkedTask_HoldsNoSlot()
    {
        var store = await CreateStoreAsync();
        await store.SetLimitAsync(LimitScopes.Global, 1, Ct);
        var first = await RunningTaskAsync(store);
        var second = await store.EnqueueAsync(Submission("second"), Ct);
        Assert.Empty(await store.ClaimAsync(new ClaimRequest("w2", 1, LeaseTime), Ct));

        await ParkAsync(store, first, Time.GetUtcNow().AddHours(1));

        Assert.Equal(second.Id, (await ClaimAsync(store, second.Id, "w2")).Task.Id);
    }

    [Fact]
    public async Task Claim_GlobalLimit2_TenTasksSixClaimersOnTwoStores_NeverMoreThanTwoRunningAndAllRun()
    {
        // The real clock: the claimers wait for work as workers do, woken by freed slots or their poll.
        var one = await CreateStoreAsync(TimeProvider.System);
        var two = await OpenAnotherAsync(TimeProvider.System);
        await one.SetLimitAsync(LimitScopes.Global, 2, Ct);
        var tasks = await EnqueueAsync(one, 10);
        var inFlight = 0;
        var most = 0;
        var mostSeenInStore = 0;
        var done = new System.Collections.Concurrent.ConcurrentBag<long>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Patience * 4);

        async Task ClaimerAsync(IErrandStore store, string worker)
        {
            while (done.Count < tasks.Length)
            {
                var claims = await store.ClaimAsync(new ClaimRequest(worker, 3, LeaseTime), timeout.Token);
                if (claims.Count == 0)
                {
                    await store.WaitForWorkAsync(TimeSpan.FromMilliseconds(200), timeout.Token);
                    continue;
                }

                var now = Interlocked.Add(ref inFlight, claims.Count);
                InterlockedMax(ref most, now);
                InterlockedMax(ref mostSeenInStore, (await store.ListAsync(new TaskQuery { States = [TaskState.Running] }, timeout.Token)).Count);
                foreach (var claim in claims)
                {
                    Interlocked.Decrement(ref inFlight);
                    var outcome = await store.TransitionAsync(
                        new TaskTransition(claim.Task.Id, [TaskState.Running], TaskState.Succeeded) { Lease = claim.Lease }, timeout.Token);
                    Assert.True(outcome.Applied);
                    done.Add(claim.Task.Id);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => ClaimerAsync(i % 2 == 0 ? one : two, $"w{i}"), timeout.Token)));

        Assert.True(most <= 2, $"{most} claimed at once");
        Assert.True(mostSeenInStore <= 2, $"{mostSeenInStore} running at once");
        Assert.Equal(tasks.Select(t => t.Id).Order(), done.Order());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var found && found != seen)
        {
            seen = found;
        }
    }
}
