using System.Globalization;
using Errand.Engine.Tests.Support;
using Errand.Engine.Workers;
using Errand.Tasks;
using Microsoft.Data.Sqlite;

namespace Errand.Engine.Tests.Workers;

/// <summary>A worker that cannot renew a lease stops the task before the lease lapses: never running unfenced.</summary>
public sealed class LeaseKeeperTests
{
    // The keeper stops the task a fifth of the lease early: 1 s here, room for the kill on a machine at load 75, where
    // 2 s (a 400 ms margin) was 836 ms short.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Heartbeat_StoreUnreachablePastTheLease_TaskStoppedBeforeTheLeaseLapses()
    {
        await using var h = await EngineHarness.CreateAsync();
        var beats = Path.Combine(h.Repo.Root, "beats");
        Directory.CreateDirectory(beats);
        h.StartWorker(new WorkerOptions { LeaseDuration = Lease, PollInterval = TimeSpan.FromMilliseconds(50), ShutdownTimeout = TimeSpan.FromMilliseconds(100) });
        // Writes the time every 50 ms for as long as it runs.
        var task = await h.SubmitAsync(EngineHarness.CommandSpec(
            $"while :; do date +%s%3N > {beats}/beat-$ERRAND_ATTEMPT.tmp && mv {beats}/beat-$ERRAND_ATTEMPT.tmp {beats}/beat-$ERRAND_ATTEMPT; sleep 0.05; done"));
        var beat = Path.Combine(beats, "beat-1");
        await h.WaitForAsync(task.Id, _ => File.Exists(beat));

        // The store becomes unreachable: another process holds SQLite's write lock, so every renewal hangs.
        await using (var other = new SqliteConnection($"Data Source={h.Store.DatabasePath};Pooling=False"))
        {
            await other.OpenAsync();
            await using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
            var lockedAt = DateTimeOffset.UtcNow;

            // Hold the outage past the lease: a heartbeat answered late would come after the lapse.
            await Task.Delay(Lease + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

            // The last renewal went out before the lock, so the lease lapsed by lockedAt + Lease at the latest.
            var lastBeat = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(File.ReadAllText(beat).Trim(), CultureInfo.InvariantCulture));
            Assert.True(lastBeat < lockedAt + Lease, $"attempt 1 was still running {(lastBeat - lockedAt).TotalMilliseconds:0} ms after the store went away");
            begin.CommandText = "ROLLBACK";
            await begin.ExecuteNonQueryAsync();
        }

        // Reclaimed once the store is back, and run again under a new lease.
        Assert.True((await h.WaitForAsync(task.Id, t => t.Attempt >= 2 && t.State == TaskState.Running)).Fence > task.Fence);
    }
}
