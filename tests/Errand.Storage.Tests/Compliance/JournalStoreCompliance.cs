using Errand.Journal;

namespace Errand.Storage.Tests.Compliance;

/// <summary>The contract of <see cref="IJournalStore"/>: append-only, ordered, pageable.</summary>
public abstract class JournalStoreCompliance : StoreCompliance
{
    [Fact]
    public async Task Append_HeldLease_WritesInOrderWithTheAttempt()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);
        Time.Advance(TimeSpan.FromSeconds(3));

        Assert.True(await store.AppendAsync(claim.Task.Id, claim.Lease,
        [
            new JournalEntry(JournalKinds.PhaseStarted, "prepare"),
            new JournalEntry(JournalKinds.Output, "hello", """{"stream":"stdout"}"""),
            new JournalEntry(JournalKinds.PhaseFinished, "prepare"),
        ], Ct));

        var events = (await JournalAsync(store, claim.Task.Id)).Skip(2).ToList();
        Assert.Equal(["prepare", "hello", "prepare"], events.Select(e => e.Message));
        Assert.Equal([JournalKinds.PhaseStarted, JournalKinds.Output, JournalKinds.PhaseFinished], events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal(1, e.Attempt));
        Assert.All(events, e => Assert.Equal(claim.Task.Id, e.TaskId));
        Assert.All(events, e => Assert.Equal(Time.GetUtcNow(), e.At));
        Assert.Equal("""{"stream":"stdout"}""", events[1].DataJson);
        Assert.Null(events[0].DataJson);
    }

    [Fact]
    public async Task Append_WithoutLease_WritesToAnyExistingTask()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);

        Assert.True(await store.AppendAsync(task.Id, null, [new JournalEntry(JournalKinds.Warning, "operator note")], Ct));

        Assert.Equal([JournalKinds.Submitted, JournalKinds.Warning], await KindsAsync(store, task.Id));
    }

    [Fact]
    public async Task Append_UnknownTask_ReturnsFalse()
    {
        var store = await CreateStoreAsync();

        Assert.False(await store.AppendAsync(4242, null, [new JournalEntry(JournalKinds.Warning, "lost")], Ct));

        Assert.Empty(await JournalAsync(store, 4242));
    }

    [Fact]
    public async Task Read_AfterSeqWithLimit_PagesThroughInOrder()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        for (var i = 0; i < 9; i++)
        {
            Assert.True(await store.AppendAsync(task.Id, null, [new JournalEntry(JournalKinds.Output, $"line {i}")], Ct));
        }

        var all = await JournalAsync(store, task.Id);
        var pages = new List<JournalEvent>();
        var after = 0L;
        while (true)
        {
            var page = await store.ReadAsync(task.Id, after, 4, Ct);
            Assert.True(page.Count <= 4);
            if (page.Count == 0)
            {
                break;
            }

            pages.AddRange(page);
            after = page[^1].Seq;
        }

        Assert.Equal(10, all.Count);
        Assert.Equal(all, pages);
        Assert.Equal(all.Select(e => e.Seq).Order(), all.Select(e => e.Seq));
        Assert.Equal(all.Skip(5), await store.ReadAsync(task.Id, all[4].Seq, 100, Ct));
    }

    [Fact]
    public async Task ReadLatest_GivesTheNewestEventsOfThatTaskOnly_OldestFirst()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        var other = await store.EnqueueAsync(Submission("other"), Ct);
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync(task.Id, null, [new JournalEntry(JournalKinds.Output, $"line {i}")], Ct);
        }

        await store.AppendAsync(other.Id, null, [new JournalEntry(JournalKinds.Output, "elsewhere")], Ct);

        var latest = await store.ReadLatestAsync(task.Id, 2, Ct);

        Assert.Equal(["line 3", "line 4"], latest.Select(e => e.Message));
        Assert.Equal((await JournalAsync(store, task.Id)).TakeLast(2), latest);
        Assert.Equal(6, (await store.ReadLatestAsync(task.Id, 100, Ct)).Count);
        Assert.Empty(await store.ReadLatestAsync(task.Id, 0, Ct));
        Assert.Empty(await store.ReadLatestAsync(4242, 3, Ct));
    }

    [Fact]
    public async Task Seq_AcrossTasks_IncreasesStoreWide()
    {
        var store = await CreateStoreAsync();
        var first = await store.EnqueueAsync(Submission("a"), Ct);
        var second = await store.EnqueueAsync(Submission("b"), Ct);
        var seqs = new List<long>();

        for (var i = 0; i < 6; i++)
        {
            var id = i % 2 == 0 ? first.Id : second.Id;
            Assert.True(await store.AppendAsync(id, null, [new JournalEntry(JournalKinds.Output, $"e{i}")], Ct));
            seqs.Add((await JournalAsync(store, id))[^1].Seq);
        }

        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        Assert.True((await JournalAsync(store, first.Id))[0].Seq < (await JournalAsync(store, second.Id))[0].Seq);
    }

    [Fact]
    public async Task Append_ManyEntriesConcurrently_EachCallKeepsItsOrder()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(c => store.AppendAsync(claim.Task.Id, claim.Lease,
            [.. Enumerable.Range(0, 5).Select(i => new JournalEntry(JournalKinds.Output, $"{c}:{i}"))], Ct)));

        var outputs = (await JournalAsync(store, claim.Task.Id)).Where(e => e.Kind == JournalKinds.Output).ToList();
        Assert.Equal(100, outputs.Count);
        foreach (var caller in outputs.GroupBy(e => e.Message.Split(':')[0]))
        {
            Assert.Equal(["0", "1", "2", "3", "4"], caller.Select(e => e.Message.Split(':')[1]));
        }
    }

    [Fact]
    public async Task Append_NoEntries_WritesNothing()
    {
        var store = await CreateStoreAsync();
        var claim = await RunningTaskAsync(store);

        Assert.True(await store.AppendAsync(claim.Task.Id, claim.Lease, [], Ct));

        Assert.Equal([JournalKinds.Submitted, JournalKinds.Claimed], await KindsAsync(store, claim.Task.Id));
    }

    [Fact]
    public async Task Append_EmptyStrings_StoredAsEmptyNotNull()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);

        Assert.True(await store.AppendAsync(task.Id, null, [new JournalEntry(JournalKinds.Output, "", "")], Ct));

        var stored = (await JournalAsync(store, task.Id))[^1];
        Assert.Equal("", stored.Message);
        Assert.Equal("", stored.DataJson);
    }

    [Fact]
    public async Task Append_InvalidEntryAmongConcurrentWrites_FailsAloneAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        var good = Enumerable.Range(0, 50)
            .Select(i => store.AppendAsync(task.Id, null, [new JournalEntry(JournalKinds.Output, $"good {i}")], Ct))
            .ToList();

        var bad = store.AppendAsync(task.Id, null, [new JournalEntry(JournalKinds.Output, "first half"), new JournalEntry(null!, "no kind")], Ct);

        Assert.All(await Task.WhenAll(good), Assert.True);
        await Assert.ThrowsAnyAsync<Exception>(() => bad);
        var outputs = (await JournalAsync(store, task.Id)).Where(e => e.Kind == JournalKinds.Output).Select(e => e.Message).ToList();
        Assert.Equal(50, outputs.Count);
        Assert.DoesNotContain("first half", outputs);
    }

    [Fact]
    public async Task WaitForJournal_AppendAfterTheVersionWasTaken_WakesTheWaiter()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        var seen = store.JournalVersion;
        var waiting = store.WaitForJournalAsync(seen, TimeSpan.FromHours(1), Ct);

        Assert.True(await store.AppendAsync(task.Id, null, [new JournalEntry(JournalKinds.Warning, "a line to follow")], Ct));

        await waiting.WaitAsync(Patience, Ct);
        Assert.NotEqual(seen, store.JournalVersion);
    }

    [Fact]
    public async Task WaitForJournal_WrittenBetweenVersionAndWait_ReturnsAtOnce()
    {
        var store = await CreateStoreAsync();
        var task = await store.EnqueueAsync(Submission(), Ct);
        var seen = store.JournalVersion;
        await store.AppendAsync(task.Id, null, [new JournalEntry(JournalKinds.Warning, "written before the wait")], Ct);

        await store.WaitForJournalAsync(seen, TimeSpan.FromHours(1), Ct).WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task WaitForJournal_NothingWritten_ReturnsAfterMaxWaitOnTheStoreClock()
    {
        var store = await CreateStoreAsync();
        var waiting = store.WaitForJournalAsync(store.JournalVersion, TimeSpan.FromSeconds(30), Ct);
        Assert.False(waiting.IsCompleted);

        Time.Advance(TimeSpan.FromSeconds(31));

        await waiting.WaitAsync(Patience, Ct);
    }
}
