using Errand.Workspaces.Git;
using Errand.Workspaces.Tests.Support;

namespace Errand.Workspaces.Tests.Git;

public sealed class MirrorLockTests : IDisposable
{
    // Long enough that a lock wrongly granted would be seen; the positive paths wait on the task itself.
    private static readonly TimeSpan Blocked = TimeSpan.FromMilliseconds(300);

    private readonly TempDirectory _temp = new();

    private string LockPath => _temp.Combine("m.lock");

    [Fact]
    public async Task Exclusive_HeldByOtherProcessGate_BlocksUntilReleased()
    {
        // Separate gates stand for separate processes: only the lock file orders them.
        var held = await MirrorLock.ExclusiveAsync(LockPath, new MirrorGate(), TestContext.Current.CancellationToken);
        var waiting = MirrorLock.ExclusiveAsync(LockPath, new MirrorGate(), TestContext.Current.CancellationToken);

        Assert.NotSame(waiting, await Task.WhenAny(waiting, Task.Delay(Blocked, TestContext.Current.CancellationToken)));
        held.Dispose();
        using var acquired = await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Shared_TwoHolders_BothGrantedAndExclusiveWaitsForBoth()
    {
        var first = await MirrorLock.SharedAsync(LockPath, TestContext.Current.CancellationToken);
        var second = await MirrorLock.SharedAsync(LockPath, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var writer = MirrorLock.ExclusiveAsync(LockPath, new MirrorGate(), TestContext.Current.CancellationToken);

        first.Dispose();
        Assert.NotSame(writer, await Task.WhenAny(writer, Task.Delay(Blocked, TestContext.Current.CancellationToken)));
        second.Dispose();
        using var acquired = await writer.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Exclusive_WaitCancelled_ThrowsAndReleasesGate()
    {
        var gate = new MirrorGate();
        using var held = await MirrorLock.ExclusiveAsync(LockPath, new MirrorGate(), TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MirrorLock.ExclusiveAsync(LockPath, gate, cancel.Token));

        Assert.Equal(1, gate.Writers.CurrentCount);
    }

    public void Dispose() => _temp.Dispose();
}
