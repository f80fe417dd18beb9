using Errand.Workspaces.Tests.Support;

namespace Errand.Workspaces.Tests.Git;

/// <summary>
/// Two "hosts" (two data directories, each with its own mirror) sharing one bare git remote: checkpoints pushed by
/// one are fetched by the other when it resumes; delivery pushes the task branch there too. Everything lands under the
/// installation's prefix, so a second installation (another database, the same task ids) sharing the remote is apart.
/// </summary>
public sealed class GitWorkspaceProviderSharedRemoteTests : WorkspaceTestBase
{
    private const string Token = "tok3n-very-secret-value";

    private const string Installation = "team-a";
    private const string TaskRef = "refs/errand/installations/team-a/tasks/1/1";
    private const string TaskBranchRef = "refs/heads/team-a/errand/1-test-task";

    private string Remote => Temp.Combine("shared.git");

    [Fact]
    public async Task Snapshot_WithSharedRemote_PushesTheCheckpointRef()
    {
        await InitRemoteAsync();

        var (_, _, snapshot) = await WorkOnAsync("host-a", "work.txt", "step 1\n");

        Assert.Null(snapshot.SharedRemoteError);
        Assert.Equal(snapshot.Commit, await RemoteGitAsync("rev-parse", TaskRef));
    }

    [Fact]
    public async Task Prepare_CheckpointMadeOnAnotherHost_IsFetchedFromTheSharedRemote()
    {
        await InitRemoteAsync();
        var (_, first, checkpoint) = await WorkOnAsync("host-a", "work.txt", "done on host A\n");

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
        var (hostA, workspace, refused) = await WorkOnAsync("host-a", "work.txt", "step 1\n");
        Assert.NotNull(refused.SharedRemoteError);
        Assert.Contains(Remote, refused.SharedRemoteError, StringComparison.Ordinal);

        await InitRemoteAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "more.txt"), "step 2\n");
        var pushed = await hostA.SnapshotAsync(workspace, "checkpoint 2", Ct);

        Assert.Null(pushed.SharedRemoteError);
        Assert.Equal(pushed.Commit, await RemoteGitAsync("rev-parse", TaskRef));
        Assert.Equal(refused.Commit, await RemoteGitAsync("rev-parse", TaskRef + "^"));
    }

    [Fact]
    public async Task Snapshot_UnreachableRemoteWithCredentials_ErrorNeverHoldsThem()
    {
        var (hostA, _, snapshot) = await WorkOnAsync("host-a", "work.txt", "step 1\n", remote: $"https://errand-bot:{Token}@127.0.0.1:1/team/repo.git");

        Assert.NotNull(snapshot.SharedRemoteError);
        Assert.DoesNotContain(Token, snapshot.SharedRemoteError, StringComparison.Ordinal);
        Assert.Contains("https://***@127.0.0.1:1/team/repo.git", snapshot.SharedRemoteError, StringComparison.Ordinal);
        Assert.Equal("https://***@127.0.0.1:1/team/repo.git", hostA.SharedRemoteDisplay);
    }

    [Fact]
    public async Task Deliver_WithSharedRemote_PushesTheBranchAndAgainIsANoOp()
    {
        await InitRemoteAsync();
        var (hostA, workspace, snapshot) = await WorkOnAsync("host-a", "fix.txt", "fixed\n");

        await hostA.DeliverAsync(workspace, snapshot.Commit!, Ct);
        await hostA.DeliverAsync(workspace, snapshot.Commit!, Ct);

        Assert.Equal(snapshot.Commit, await RemoteGitAsync("rev-parse", TaskBranchRef));
        Assert.Equal(snapshot.Commit, await Repo.GitAsync("rev-parse", "refs/heads/errand/1-test-task"));
    }

    [Fact]
    public async Task Deliver_RetryOnAnotherHostFromTheBase_MovesTheBranchErrandDelivered()
    {
        await InitRemoteAsync();
        var (hostA, first, firstSnapshot) = await WorkOnAsync("host-a", "fix.txt", "first try\n");
        await hostA.DeliverAsync(first, firstSnapshot.Commit!, Ct);

        var (hostB, retry, second) = await WorkOnAsync("host-b", "fix.txt", "second try\n", attempt: 2);
        await hostB.DeliverAsync(retry, second.Commit!, Ct);

        Assert.Equal(second.Commit, await RemoteGitAsync("rev-parse", TaskBranchRef));
    }

    [Fact]
    public async Task Deliver_OntoARemoteBranchErrandDidNotDeliver_IsRefusedAndTheBranchIsUntouched()
    {
        await InitRemoteAsync();
        await Repo.GitAsync("push", "--quiet", Remote, "main:" + TaskBranchRef);
        var (hostA, workspace, snapshot) = await WorkOnAsync("host-a", "fix.txt", "fixed\n");

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => hostA.DeliverAsync(workspace, snapshot.Commit!, Ct));

        Assert.Contains("will not overwrite it", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Repo.Main, await RemoteGitAsync("rev-parse", TaskBranchRef));
        // Delivery to the shared remote comes first: the local branch did not move either.
        Assert.ThrowsAny<Exception>(() => Repo.GitAsync("rev-parse", "--verify", "--quiet", "refs/heads/errand/1-test-task").GetAwaiter().GetResult());
    }

    [Fact]
    public async Task TwoInstallations_SameTaskIdAndBranch_EachKeepsItsOwnRefsOnTheRemote()
    {
        await InitRemoteAsync();
        var sourceB = Temp.Combine("source-b");
        await Repo.GitAsync("clone", "--quiet", Repo.Path, sourceB);
        var (hostA, workA, snapshotA) = await WorkOnAsync("host-a", "fix.txt", "team A's fix\n");
        await hostA.DeliverAsync(workA, snapshotA.Commit!, Ct);

        // Another installation: its own database, so its task 1 and its default branch name are the same as team A's.
        var (hostB, workB, snapshotB) = await WorkOnAsync("host-b", "fix.txt", "team B's fix\n", installation: "team-b", source: sourceB);
        await hostB.DeliverAsync(workB, snapshotB.Commit!, Ct);

        Assert.NotEqual(snapshotA.Commit, snapshotB.Commit);
        Assert.Equal(snapshotA.Commit, await RemoteGitAsync("rev-parse", TaskRef));
        Assert.Equal(snapshotA.Commit, await RemoteGitAsync("rev-parse", TaskBranchRef));
        Assert.Equal(snapshotB.Commit, await RemoteGitAsync("rev-parse", "refs/errand/installations/team-b/tasks/1/1"));
        Assert.Equal(snapshotB.Commit, await RemoteGitAsync("rev-parse", "refs/heads/team-b/errand/1-test-task"));
        Assert.Equal(snapshotB.Commit, await TestGit.RunAsync(sourceB, "rev-parse", "refs/heads/errand/1-test-task"));
    }

    [Fact]
    public async Task Prepare_CheckpointOfAnotherInstallation_IsNotFetched()
    {
        await InitRemoteAsync();
        var (_, _, checkpoint) = await WorkOnAsync("host-a", "work.txt", "team A's work\n");

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() =>
            HostProvider("host-b", installation: "team-b").PrepareAsync(Request(Repo.Path, attempt: 2) with { StartCommit = checkpoint.Commit }, Ct));

        Assert.Contains("nor on the shared git remote", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Team-A")]
    [InlineData("-a")]
    [InlineData("a/b")]
    public void Options_SharedRemoteWithoutAUsableInstallationId_RefusedNamingIt(string? installation)
    {
        var options = new GitWorkspaceOptions { Root = Temp.Combine("host"), SharedRemote = Remote, InstallationId = installation };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(nameof(GitWorkspaceOptions.InstallationId), ex.ParamName);
    }

    // On one host: a workspace for the attempt, one file written in it, and the snapshot of that.
    private async Task<(GitWorkspaceProvider Host, Workspace Workspace, WorkspaceSnapshot Snapshot)> WorkOnAsync(
        string host, string file, string content, int attempt = 1, string? remote = null, string installation = Installation, string? source = null)
    {
        var provider = HostProvider(host, remote, installation);
        var workspace = await provider.PrepareAsync(Request(source ?? Repo.Path, attempt: attempt), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, file), content);
        return (provider, workspace, await provider.SnapshotAsync(workspace, $"{file} on {host}", Ct));
    }

    private GitWorkspaceProvider HostProvider(string host, string? remote = null, string installation = Installation) =>
        new(new GitWorkspaceOptions { Root = Temp.Combine(host), SharedRemote = remote ?? Remote, InstallationId = installation, Mode = WorkspaceMode.Worktree });

    private async Task InitRemoteAsync()
    {
        Directory.CreateDirectory(Remote);
        await TestGit.RunAsync(Remote, "init", "--quiet", "--bare");
    }

    private Task<string> RemoteGitAsync(params string[] arguments) => TestGit.RunAsync(Remote, arguments);
}
