using Errand.Workspaces.Tests.Support;

namespace Errand.Workspaces.Tests.Git;

public sealed class GitWorkspaceProviderDeliverTests : WorkspaceTestBase
{
    [Fact]
    public async Task Deliver_LocalSource_BranchVisibleInSourceAndMirrorAtCommit()
    {
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var snapshot = await Provider.SnapshotAsync(workspace, "fix", Ct);

        await Provider.DeliverAsync(workspace, snapshot.Commit!, Ct);

        Assert.Equal(snapshot.Commit, await Repo.GitAsync("rev-parse", "refs/heads/errand/1-test-task"));
        Assert.Equal(snapshot.Commit, await MirrorGitAsync(workspace, "rev-parse", "refs/heads/errand/1-test-task"));
        Assert.Equal("main", await Repo.GitAsync("branch", "--show-current"));
        Assert.Equal("", await Repo.GitAsync("status", "--porcelain"));
    }

    [Fact]
    public async Task Deliver_Again_MovesTheBranch()
    {
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "first try\n");
        var first = await Provider.SnapshotAsync(workspace, "first", Ct);
        await Provider.DeliverAsync(workspace, first.Commit!, Ct);
        await Provider.CleanupAsync(workspace, Ct);

        // A later attempt starts over from the base, so the branch moves to a commit that does not contain the first.
        var retry = await PrepareAsync(attempt: 2);
        File.WriteAllText(Path.Combine(retry.Path, "fix.txt"), "second try\n");
        var second = await Provider.SnapshotAsync(retry, "second", Ct);
        await Provider.DeliverAsync(retry, second.Commit!, Ct);
        await Provider.DeliverAsync(retry, second.Commit!, Ct);

        Assert.Equal(second.Commit, await Repo.GitAsync("rev-parse", "refs/heads/errand/1-test-task"));
        Assert.Equal(Repo.Main, await Repo.GitAsync("rev-parse", second.Commit + "^"));
        Assert.NotEqual(first.Commit, second.Commit);
    }

    [Fact]
    public async Task Deliver_OntoABranchErrandDidNotMake_IsRefusedAndTheBranchIsUntouched()
    {
        var request = Request(Repo.Path) with { Branch = "feature" };
        var workspace = await Provider.PrepareAsync(request, Ct);
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var snapshot = await Provider.SnapshotAsync(workspace, "fix", Ct);

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.DeliverAsync(workspace, snapshot.Commit!, Ct));

        Assert.Contains("branch 'feature' already exists", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Errand did not make it", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Repo.Feature, await Repo.GitAsync("rev-parse", "refs/heads/feature"));
    }

    [Fact]
    public async Task Deliver_TaskBranchTheUserCommittedTo_IsNotOverwritten()
    {
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "first\n");
        var first = await Provider.SnapshotAsync(workspace, "first", Ct);
        await Provider.DeliverAsync(workspace, first.Commit!, Ct);
        await Repo.GitAsync("switch", "--quiet", workspace.Branch);
        Repo.Write("mine.txt", "the user's own commit\n");
        var users = await Repo.CommitAllAsync("mine");
        await Repo.GitAsync("switch", "--quiet", "main");

        var retry = await PrepareAsync(attempt: 2);
        File.WriteAllText(Path.Combine(retry.Path, "fix.txt"), "second\n");
        var second = await Provider.SnapshotAsync(retry, "second", Ct);
        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.DeliverAsync(retry, second.Commit!, Ct));

        Assert.Contains("with commits Errand did not make", ex.Message, StringComparison.Ordinal);
        Assert.Equal(users, await Repo.GitAsync("rev-parse", "refs/heads/" + workspace.Branch));
    }

    [Fact]
    public async Task Deliver_BranchCheckedOutInSource_FailsClearlyAndMovesNothing()
    {
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var snapshot = await Provider.SnapshotAsync(workspace, "fix", Ct);
        await Repo.GitAsync("switch", "--quiet", "--create", workspace.Branch);

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.DeliverAsync(workspace, snapshot.Commit!, Ct));

        Assert.Equal(
            $"branch 'errand/1-test-task' is checked out in {Repo.Path}; Errand will not move a branch under a work tree. "
            + "Switch that work tree to another branch and deliver again.",
            ex.Message);
        Assert.Equal(Repo.Main, await Repo.GitAsync("rev-parse", "HEAD"));
        Assert.Equal("", await Repo.GitAsync("status", "--porcelain"));
    }

    [Fact]
    public async Task Deliver_BranchCheckedOutInLinkedWorktreeOfSource_Fails()
    {
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var snapshot = await Provider.SnapshotAsync(workspace, "fix", Ct);
        var linked = Temp.Combine("linked");
        await Repo.GitAsync("worktree", "add", "--quiet", "-b", workspace.Branch, linked);

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.DeliverAsync(workspace, snapshot.Commit!, Ct));

        Assert.Contains($"is checked out in {linked}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_UrlSource_OnlyTheMirrorGetsTheBranch()
    {
        var workspace = await Provider.PrepareAsync(Request("file://" + Repo.Path), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var snapshot = await Provider.SnapshotAsync(workspace, "fix", Ct);

        await Provider.DeliverAsync(workspace, snapshot.Commit!, Ct);

        Assert.Equal(snapshot.Commit, await MirrorGitAsync(workspace, "rev-parse", "refs/heads/errand/1-test-task"));
        Assert.Equal("", await Repo.GitAsync("branch", "--list", "errand/*"));
    }

    [Fact]
    public async Task Deliver_TaskBranchSurvivesLaterFetches()
    {
        var workspace = await Provider.PrepareAsync(Request("file://" + Repo.Path), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var snapshot = await Provider.SnapshotAsync(workspace, "fix", Ct);
        await Provider.DeliverAsync(workspace, snapshot.Commit!, Ct);

        var next = await Provider.PrepareAsync(Request("file://" + Repo.Path, taskId: 2), Ct);

        Assert.Equal(snapshot.Commit, await MirrorGitAsync(next, "rev-parse", "refs/heads/errand/1-test-task"));
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("abc123")]
    [InlineData("--all")]
    public async Task Deliver_NotAFullCommitId_Throws(string commit)
    {
        var workspace = await PrepareAsync();

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.DeliverAsync(workspace, commit, Ct));

        Assert.Contains("is not a full commit id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_CommitMissingFromMirror_Throws()
    {
        var workspace = await PrepareAsync();

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.DeliverAsync(workspace, new string('b', 40), Ct));

        Assert.Contains("is not in the mirror", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_Scratch_Throws()
    {
        var workspace = await Provider.PrepareAsync(Request(null), Ct);

        await Assert.ThrowsAsync<WorkspaceException>(() => Provider.DeliverAsync(workspace, new string('c', 40), Ct));
    }
}
