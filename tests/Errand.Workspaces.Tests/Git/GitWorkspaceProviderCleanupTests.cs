using Errand.Workspaces.Tests.Support;

namespace Errand.Workspaces.Tests.Git;

public sealed class GitWorkspaceProviderCleanupTests : WorkspaceTestBase
{
    [Fact]
    public async Task Cleanup_DeliveredWorkspace_RemovesDirectoryKeepsBranchAndHiddenRef()
    {
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var snapshot = await Provider.SnapshotAsync(workspace, "fix", Ct);
        await Provider.DeliverAsync(workspace, snapshot.Commit!, Ct);

        await Provider.CleanupAsync(workspace, Ct);

        Assert.False(Directory.Exists(workspace.Path));
        Assert.Equal(snapshot.Commit, await MirrorGitAsync(workspace, "rev-parse", "refs/heads/errand/1-test-task"));
        Assert.Equal(snapshot.Commit, await MirrorGitAsync(workspace, "rev-parse", "refs/errand/tasks/1/1"));
        Assert.Equal(snapshot.Commit, await Repo.GitAsync("rev-parse", "refs/heads/errand/1-test-task"));
        Assert.DoesNotContain(workspace.Path, await MirrorGitAsync(workspace, "worktree", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cleanup_UndeliveredSnapshot_StaysReachableThroughHiddenRefAfterGc()
    {
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "checkpoint.txt"), "x\n");
        var snapshot = await Provider.SnapshotAsync(workspace, "checkpoint", Ct);
        await Provider.CleanupAsync(workspace, Ct);

        await MirrorGitAsync(workspace, "gc", "--quiet", "--prune=now");

        Assert.Equal("commit", await MirrorGitAsync(workspace, "cat-file", "-t", snapshot.Commit!));
    }

    [Fact]
    public async Task Cleanup_Twice_IsHarmless()
    {
        var workspace = await PrepareAsync();

        await Provider.CleanupAsync(workspace, Ct);
        await Provider.CleanupAsync(workspace, Ct);

        Assert.False(Directory.Exists(workspace.Path));
    }

    [Fact]
    public async Task Cleanup_DirectoriesWithoutWritePermission_AreRemoved()
    {
        var workspace = await PrepareAsync();
        var locked = Directory.CreateDirectory(Path.Combine(workspace.Path, "fixture", "locked")).FullName;
        File.WriteAllText(Path.Combine(locked, "file.txt"), "x");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        await Provider.CleanupAsync(workspace, Ct);

        Assert.False(Directory.Exists(workspace.Path));
    }

    [Fact]
    public async Task Cleanup_WorktreeUnregisteredByHand_StillRemovesDirectory()
    {
        var provider = WorktreeProvider();
        var workspace = await provider.PrepareAsync(Request(Repo.Path), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, ".git"), "gitdir: /nonexistent\n");

        await provider.CleanupAsync(workspace, Ct);

        Assert.False(Directory.Exists(workspace.Path));
        Assert.DoesNotContain(workspace.Path, await MirrorGitAsync(workspace, "worktree", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cleanup_Scratch_RemovesDirectory()
    {
        var workspace = await Provider.PrepareAsync(Request(null), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, "notes.txt"), "x");

        await Provider.CleanupAsync(workspace, Ct);

        Assert.False(Directory.Exists(workspace.Path));
    }

    [Fact]
    public async Task Cleanup_PathOutsideDataDirectory_IsRefusedAndNothingDeleted()
    {
        var forged = new Workspace(Repo.Path, "errand/1-x", null, null);

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.CleanupAsync(forged, Ct));

        Assert.Contains("is not a workspace under", ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Repo.Path, "README.md")));
    }
}
