using Errand.Results;
using Errand.Workspaces.Tests.Support;

namespace Errand.Workspaces.Tests.Git;

public sealed class GitWorkspaceProviderSnapshotTests : WorkspaceTestBase
{
    [Fact]
    public async Task Snapshot_EditsAddsDeletesBinaryAndRename_CommitsAllAndReportsStat()
    {
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "src/app.txt"), "one\nTWO\nthree\nfour\nfive\n");
        File.WriteAllText(Path.Combine(workspace.Path, "new.txt"), "x\ny\n");
        File.Delete(Path.Combine(workspace.Path, "obsolete.txt"));
        File.WriteAllBytes(Path.Combine(workspace.Path, "data.bin"), [0, 1, 2, 0, 255, 0]);
        File.Move(Path.Combine(workspace.Path, "docs/guide.md"), Path.Combine(workspace.Path, "docs/manual.md"));

        var snapshot = await Provider.SnapshotAsync(workspace, "errand: task 1 checkpoint 1", Ct);

        Assert.NotNull(snapshot.Commit);
        Assert.NotEqual(workspace.BaseCommit, snapshot.Commit);
        Assert.Equal(
            [
                new FileChange("data.bin", 0, 0),
                new FileChange("docs/manual.md", 0, 0),
                new FileChange("new.txt", 2, 0),
                new FileChange("obsolete.txt", 0, 2),
                new FileChange("src/app.txt", 2, 1),
            ],
            snapshot.DiffStat.Files);
        Assert.Equal((5, 4, 3), (snapshot.DiffStat.FilesChanged, snapshot.DiffStat.Insertions, snapshot.DiffStat.Deletions));
        Assert.Equal(workspace.BaseCommit, await MirrorGitAsync(workspace, "rev-parse", snapshot.Commit + "^"));
        Assert.Equal("errand: task 1 checkpoint 1", await MirrorGitAsync(workspace, "log", "-1", "--format=%s", snapshot.Commit!));
        // Errand commits through its own index; the agent's git still starts from where the workspace began.
        Assert.Equal(workspace.BaseCommit, await TestGit.RunAsync(workspace.Path, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task Snapshot_NoChanges_ReturnsStartCommitAndEmptyStat()
    {
        var workspace = await PrepareAsync();

        var snapshot = await Provider.SnapshotAsync(workspace, "nothing", Ct);

        Assert.Equal(workspace.BaseCommit, snapshot.Commit);
        Assert.Same(DiffStat.Empty, snapshot.DiffStat);
    }

    [Fact]
    public async Task Snapshot_IgnoredFiles_AreNotCommitted()
    {
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "debug.log"), "noise");
        Directory.CreateDirectory(Path.Combine(workspace.Path, "build"));
        File.WriteAllText(Path.Combine(workspace.Path, "build/out.dll"), "binary");
        File.WriteAllText(Path.Combine(workspace.Path, "kept.txt"), "kept\n");

        var snapshot = await Provider.SnapshotAsync(workspace, "with ignored files", Ct);

        Assert.Equal(["kept.txt"], snapshot.ChangedPaths);
        var tree = await MirrorGitAsync(workspace, "ls-tree", "-r", "--name-only", snapshot.Commit!);
        Assert.DoesNotContain("debug.log", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("build/", tree, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_Commit_UsesErrandIdentityAndKeepsHiddenRef()
    {
        var workspace = await PrepareAsync(taskId: 42, attempt: 3);
        File.WriteAllText(Path.Combine(workspace.Path, "new.txt"), "x\n");

        var snapshot = await Provider.SnapshotAsync(workspace, "work", Ct);

        Assert.Equal("Errand <errand@localhost>|Errand <errand@localhost>",
            await MirrorGitAsync(workspace, "log", "-1", "--format=%an <%ae>|%cn <%ce>", snapshot.Commit!));
        Assert.Equal(snapshot.Commit, await MirrorGitAsync(workspace, "rev-parse", "refs/errand/tasks/42/3"));
    }

    [Fact]
    public async Task Snapshot_HooksInMirror_NeverRun()
    {
        var workspace = await PrepareAsync();
        var hook = Path.Combine(workspace.MirrorPath!, "hooks", "pre-commit");
        File.WriteAllText(hook, "#!/bin/sh\necho hook ran >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        File.WriteAllText(Path.Combine(workspace.Path, "new.txt"), "x\n");

        var snapshot = await Provider.SnapshotAsync(workspace, "work", Ct);

        Assert.Equal(["new.txt"], snapshot.ChangedPaths);
    }

    [Fact]
    public async Task Snapshot_Twice_ChainsCommitsAndReportsStatFromBase()
    {
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "a.txt"), "a\n");
        var first = await Provider.SnapshotAsync(workspace, "first", Ct);
        File.WriteAllText(Path.Combine(workspace.Path, "b.txt"), "b\n");

        var second = await Provider.SnapshotAsync(workspace, "second", Ct);

        Assert.Equal(first.Commit, await MirrorGitAsync(workspace, "rev-parse", second.Commit + "^"));
        Assert.Equal(["a.txt", "b.txt"], second.ChangedPaths);
        Assert.Equal(second.Commit, await MirrorGitAsync(workspace, "rev-parse", "refs/errand/tasks/1/1"));
    }

    [Fact]
    public async Task Snapshot_AgentRewroteDotGitFile_StillCommitsIntoTheWorkspace()
    {
        // The agent can write the worktree's ".git" pointer; git must not follow it to another repository.
        var provider = WorktreeProvider();
        var workspace = await provider.PrepareAsync(Request(Repo.Path), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, ".git"), $"gitdir: {Path.Combine(Repo.Path, ".git")}\n");
        File.WriteAllText(Path.Combine(workspace.Path, "new.txt"), "x\n");

        var snapshot = await Provider.SnapshotAsync(workspace, "work", Ct);

        Assert.Equal(["new.txt"], snapshot.ChangedPaths);
        Assert.Equal(Repo.Main, await Repo.GitAsync("rev-parse", "HEAD"));
        Assert.Equal("", await Repo.GitAsync("status", "--porcelain"));
    }

    [Fact]
    public async Task Snapshot_StaleIndexLockFromKilledSnapshot_IsCleared()
    {
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(DataDirectory, "attempts", "1-1", "index.lock"), "");
        File.WriteAllText(Path.Combine(workspace.Path, "new.txt"), "x\n");

        var snapshot = await Provider.SnapshotAsync(workspace, "work", Ct);

        Assert.Equal(["new.txt"], snapshot.ChangedPaths);
    }

    [Theory]
    [InlineData("--amend")]
    [InlineData("-m")]
    public async Task Snapshot_MessageLikeAnOption_IsJustTheMessage(string message)
    {
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "new.txt"), "x\n");

        var snapshot = await Provider.SnapshotAsync(workspace, message, Ct);

        Assert.Equal(message, await MirrorGitAsync(workspace, "log", "-1", "--format=%s", snapshot.Commit!));
        Assert.Equal(workspace.BaseCommit, await MirrorGitAsync(workspace, "rev-parse", snapshot.Commit + "^"));
    }

    [Fact]
    public async Task Snapshot_Scratch_ReturnsNoCommit()
    {
        var workspace = await Provider.PrepareAsync(Request(null), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, "notes.txt"), "x");

        var snapshot = await Provider.SnapshotAsync(workspace, "scratch", Ct);

        Assert.Null(snapshot.Commit);
        Assert.Same(DiffStat.Empty, snapshot.DiffStat);
    }

    [Fact]
    public async Task Snapshot_WorkspaceNotFromThisProvider_Throws()
    {
        var workspace = await PrepareAsync();
        var forged = workspace with { Path = Repo.Path };

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.SnapshotAsync(forged, "x", Ct));

        Assert.Contains("is not a workspace under", ex.Message, StringComparison.Ordinal);
    }
}
