using Errand.Workspaces.Tests.Support;

namespace Errand.Workspaces.Tests.Git;

/// <summary>
/// Two "hosts" (two data directories, each with its own mirror) sharing one bare git remote: checkpoints pushed by
/// one are fetched by the other when it resumes; delivery pushes the task branch there too.
/// </summary>
public sealed class GitWorkspaceProviderSharedRemoteTests : WorkspaceTestBase
{
    private const string Token = "tok3n-very-secret-value";

    private string Remote => Temp.Combine("shared.git");

    [Fact]
    public async Task Snapshot_WithSharedRemote_PushesTheCheckpointRef()
    {
        await InitRemoteAsync();
        var hostA = HostProvider("host-a");
        var workspace = await hostA.PrepareAsync(Request(Repo.Path), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, "work.txt"), "step 1\n");

        var snapshot = await hostA.SnapshotAsync(workspace, "checkpoint 1", Ct);

        Assert.Null(snapshot.SharedRemoteError);
        Assert.Equal(snapshot.Commit, await RemoteGitAsync("rev-parse", "refs/errand/tasks/1/1"));
    }

    [Fact]
    public async Task Prepare_CheckpointMadeOnAnotherHost_IsFetchedFromTheSharedRemote()
    {
        await InitRemoteAsync();
        var hostA = HostProvider("host-a");
        var first = await hostA.PrepareAsync(Request(Repo.Path), Ct);
        File.WriteAllText(Path.Combine(first.Path, "work.txt"), "done on host A\n");
        var checkpoint = await hostA.SnapshotAsync(first, "checkpoint 1", Ct);

        var hostB = HostProvider("host-b");
        var resumed = await hostB.PrepareAsync(Request(Repo.Path, attempt: 2) with { StartCommit = checkpoint.Commit }, Ct);

        Assert.Equal("done on host A\n", Read(resumed, "work.txt"));
        Assert.NotEqual(first.MirrorPath, resumed.MirrorPath);
        Assert.Equal(checkpoint.Commit, await MirrorGitAsync(resumed, "rev-parse", "refs/errand/tasks/1/1"));
    }

    [Fact]
    public async Task Prepare_CheckpointNowhere_FailsNamingTheSharedRemote()
    {
        await InitRemoteAsync();
        var missing = new string('a', 40);

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() =>
            HostProvider("host-b").PrepareAsync(Request(Repo.Path, attempt: 2) with { StartCommit = missing }, Ct));

        Assert.Contains($"checkpoint commit '{missing}' not found", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nor on the shared git remote", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_RemoteMissing_ReportsTheFailureAndTheNextSnapshotPushesAgain()
    {
        var hostA = HostProvider("host-a");
        var workspace = await hostA.PrepareAsync(Request(Repo.Path), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, "work.txt"), "step 1\n");

        var refused = await hostA.SnapshotAsync(workspace, "checkpoint 1", Ct);
        Assert.NotNull(refused.SharedRemoteError);
        Assert.Contains(Remote, refused.SharedRemoteError, StringComparison.Ordinal);

        await InitRemoteAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "more.txt"), "step 2\n");
        var pushed = await hostA.SnapshotAsync(workspace, "checkpoint 2", Ct);

        Assert.Null(pushed.SharedRemoteError);
        Assert.Equal(pushed.Commit, await RemoteGitAsync("rev-parse", "refs/errand/tasks/1/1"));
        Assert.Equal(refused.Commit, await RemoteGitAsync("rev-parse", "refs/errand/tasks/1/1^"));
    }

    [Fact]
    public async Task Snapshot_UnreachableRemoteWithCredentials_ErrorNeverHoldsThem()
    {
        var hostA = HostProvider("host-a", $"https://errand-bot:{Token}@127.0.0.1:1/team/repo.git");
        var workspace = await hostA.PrepareAsync(Request(Repo.Path), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, "work.txt"), "step 1\n");

        var snapshot = await hostA.SnapshotAsync(workspace, "checkpoint 1", Ct);

        Assert.NotNull(snapshot.SharedRemoteError);
        Assert.DoesNotContain(Token, snapshot.SharedRemoteError, StringComparison.Ordinal);
        Assert.Contains("https://***@127.0.0.1:1/team/repo.git", snapshot.SharedRemoteError, StringComparison.Ordinal);
        Assert.Equal("https://***@127.0.0.1:1/team/repo.git", hostA.SharedRemoteDisplay);
    }

    [Fact]
    public async Task Deliver_WithSharedRemote_PushesTheBranchAndAgainIsANoOp()
    {
        await InitRemoteAsync();
        var hostA = HostProvider("host-a");
        var workspace = await hostA.PrepareAsync(Request(Repo.Path), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var snapshot = await hostA.SnapshotAsync(workspace, "fix", Ct);

        await hostA.DeliverAsync(workspace, snapshot.Commit!, Ct);
        await hostA.DeliverAsync(workspace, snapshot.Commit!, Ct);

        Assert.Equal(snapshot.Commit, await RemoteGitAsync("rev-parse", "refs/heads/errand/1-test-task"));
        Assert.Equal(snapshot.Commit, await Repo.GitAsync("rev-parse", "refs/heads/errand/1-test-task"));
    }

    [Fact]
    public async Task Deliver_RetryOnAnotherHostFromTheBase_MovesTheBranchErrandDelivered()
    {
        await InitRemoteAsync();
        var hostA = HostProvider("host-a");
        var first = await hostA.PrepareAsync(Request(Repo.Path), Ct);
        File.WriteAllText(Path.Combine(first.Path, "fix.txt"), "first try\n");
        var firstCommit = (await hostA.SnapshotAsync(first, "first", Ct)).Commit!;
        await hostA.DeliverAsync(first, firstCommit, Ct);

        var hostB = HostProvider("host-b");
        var retry = await hostB.PrepareAsync(Request(Repo.Path, attempt: 2), Ct);
        File.WriteAllText(Path.Combine(retry.Path, "fix.txt"), "second try\n");
        var second = (await hostB.SnapshotAsync(retry, "second", Ct)).Commit!;
        await hostB.DeliverAsync(retry, second, Ct);

        Assert.Equal(second, await RemoteGitAsync("rev-parse", "refs/heads/errand/1-test-task"));
    }

    [Fact]
    public async Task Deliver_OntoARemoteBranchErrandDidNotDeliver_IsRefusedAndTheBranchIsUntouched()
    {
        await InitRemoteAsync();
        await Repo.GitAsync("push", "--quiet", Remote, "main:refs/heads/errand/1-test-task");
        var hostA = HostProvider("host-a");
        var workspace = await hostA.PrepareAsync(Request(Repo.Path), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var snapshot = await hostA.SnapshotAsync(workspace, "fix", Ct);

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => hostA.DeliverAsync(workspace, snapshot.Commit!, Ct));

        Assert.Contains("will not overwrite it", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Repo.Main, await RemoteGitAsync("rev-parse", "refs/heads/errand/1-test-task"));
        // Delivery to the shared remote comes first: the local branch did not move either.
        Assert.ThrowsAny<Exception>(() => Repo.GitAsync("rev-parse", "--verify", "--quiet", "refs/heads/errand/1-test-task").GetAwaiter().GetResult());
    }

    private GitWorkspaceProvider HostProvider(string host, string? remote = null) =>
        new(new GitWorkspaceOptions { Root = Temp.Combine(host), SharedRemote = remote ?? Remote, Mode = WorkspaceMode.Worktree });

    private async Task InitRemoteAsync()
    {
        Directory.CreateDirectory(Remote);
        await TestGit.RunAsync(Remote, "init", "--quiet", "--bare");
    }

    private Task<string> RemoteGitAsync(params string[] arguments) => TestGit.RunAsync(Remote, arguments);
}
