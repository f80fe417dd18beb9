using Errand.Workspaces.Overlay;
using Errand.Workspaces.Tests.Support;

namespace Errand.Workspaces.Tests.Overlay;

public sealed class OverlayWorkspaceTests : WorkspaceTestBase
{
    [Fact]
    public async Task Prepare_AsRoot_MountsOverlayOverCachedCheckout()
    {
        OverlayRequirement.Check(DataDirectory);

        var workspace = await PrepareAsync();

        Assert.Equal(WorkspaceModes.Overlay, workspace.Mode);
        Assert.Null(workspace.ModeNote);
        Assert.True(OverlayMount.IsMountPoint(workspace.Path));
        var checkout = Assert.Single(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "checkouts")));
        Assert.EndsWith("-" + Repo.Main, checkout, StringComparison.Ordinal);
        Assert.Equal("one\ntwo\nthree\nfour\n", Read(workspace, "src/app.txt"));
        Assert.Equal("", await TestGit.RunAsync(workspace.Path, "status", "--porcelain"));
        Assert.Equal(Repo.Main, await TestGit.RunAsync(workspace.Path, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task Prepare_TwoAttemptsOfOneCommit_ShareCheckoutAndDoNotSeeEachOthersChanges()
    {
        OverlayRequirement.Check(DataDirectory);
        var first = await PrepareAsync(taskId: 1);
        var second = await PrepareAsync(taskId: 2);

        File.WriteAllText(Path.Combine(first.Path, "src/app.txt"), "first\n");
        File.Delete(Path.Combine(second.Path, "README.md"));
        File.WriteAllText(Path.Combine(second.Path, "second.txt"), "second\n");

        Assert.Single(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "checkouts")));
        Assert.Equal("one\ntwo\nthree\nfour\n", Read(second, "src/app.txt"));
        Assert.True(File.Exists(Path.Combine(first.Path, "README.md")));
        Assert.False(File.Exists(Path.Combine(first.Path, "second.txt")));
        var checkoutTree = Path.Combine(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "checkouts")).Single(), "tree");
        Assert.Equal("one\ntwo\nthree\nfour\n", File.ReadAllText(Path.Combine(checkoutTree, "src/app.txt")));
        Assert.True(File.Exists(Path.Combine(checkoutTree, "README.md")));

        var one = await Provider.SnapshotAsync(first, "first", Ct);
        var two = await Provider.SnapshotAsync(second, "second", Ct);
        Assert.Equal(["src/app.txt"], one.ChangedPaths);
        Assert.Equal(["README.md", "second.txt"], two.ChangedPaths);
    }

    [Fact]
    public async Task SnapshotDeliver_OverlayDeletesAndRenames_BecomeCommitOnTaskBranch()
    {
        OverlayRequirement.Check(DataDirectory);
        var workspace = await PrepareAsync();
        File.Move(Path.Combine(workspace.Path, "docs/guide.md"), Path.Combine(workspace.Path, "docs/manual.md"));
        File.Delete(Path.Combine(workspace.Path, "obsolete.txt"));
        Directory.Delete(Path.Combine(workspace.Path, "src"), recursive: true);

        var snapshot = await Provider.SnapshotAsync(workspace, "reorganise", Ct);
        await Provider.DeliverAsync(workspace, snapshot.Commit!, Ct);

        Assert.Equal(snapshot.Commit, await Repo.GitAsync("rev-parse", "refs/heads/errand/1-test-task"));
        Assert.Equal("R100\tdocs/guide.md\tdocs/manual.md\nD\tobsolete.txt\nD\tsrc/app.txt",
            await Repo.GitAsync("diff", "--name-status", "-M", Repo.Main, snapshot.Commit!));
    }

    [Fact]
    public async Task Snapshot_DirectoryRemovedAndRecreated_LowerContentsCountAsDeleted()
    {
        OverlayRequirement.Check(DataDirectory);
        var workspace = await PrepareAsync();

        // The overlay marks the new directory opaque; nothing in the upper directory names src/app.txt any more.
        Directory.Delete(Path.Combine(workspace.Path, "src"), recursive: true);
        Directory.CreateDirectory(Path.Combine(workspace.Path, "src"));
        File.WriteAllText(Path.Combine(workspace.Path, "src/new.txt"), "new\n");

        var snapshot = await Provider.SnapshotAsync(workspace, "replace src", Ct);

        Assert.Equal(["src/app.txt", "src/new.txt"], snapshot.ChangedPaths);
        Assert.Equal("src/new.txt", await MirrorGitAsync(workspace, "ls-tree", "-r", "--name-only", snapshot.Commit!, "src"));
    }

    [Fact]
    public async Task Snapshot_MoreChangesThanUpperListing_WalksTheWholeTree()
    {
        OverlayRequirement.Check(DataDirectory);
        var workspace = await PrepareAsync();
        Directory.CreateDirectory(Path.Combine(workspace.Path, "many"));
        for (var i = 0; i <= UpperChanges.MaxPaths; i++)
        {
            File.WriteAllText(Path.Combine(workspace.Path, "many", $"f{i}.txt"), $"{i}\n");
        }

        File.Delete(Path.Combine(workspace.Path, "obsolete.txt"));

        var snapshot = await Provider.SnapshotAsync(workspace, "many", Ct);

        Assert.Equal(UpperChanges.MaxPaths + 2, snapshot.DiffStat.FilesChanged);
        Assert.Contains("obsolete.txt", snapshot.ChangedPaths);
    }

    [Fact]
    public async Task Snapshot_IgnoredFileInUpper_IsNotCommitted()
    {
        OverlayRequirement.Check(DataDirectory);
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "debug.log"), "noise");
        File.WriteAllText(Path.Combine(workspace.Path, "kept.txt"), "kept\n");

        var snapshot = await Provider.SnapshotAsync(workspace, "ignored", Ct);

        Assert.Equal(["kept.txt"], snapshot.ChangedPaths);
    }

    [Fact]
    public async Task Cleanup_Overlay_UnmountsAndRemovesAttemptState()
    {
        OverlayRequirement.Check(DataDirectory);
        var workspace = await PrepareAsync();
        File.WriteAllText(Path.Combine(workspace.Path, "scratch.txt"), "x");

        await Provider.CleanupAsync(workspace, Ct);

        Assert.False(OverlayMount.IsMountPoint(workspace.Path));
        Assert.Empty(OverlayMount.MountsUnder(DataDirectory));
        Assert.False(Directory.Exists(workspace.Path));
        Assert.False(Directory.Exists(Path.Combine(DataDirectory, "attempts", "1-1")));
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "checkouts")));
    }

    [Fact]
    public async Task Prepare_LeftoverMountOfCrashedWorker_IsUnmountedAndRemoved()
    {
        OverlayRequirement.Check(DataDirectory);
        await Provider.CleanupAsync(await PrepareAsync(taskId: 1), Ct);

        // What a worker killed mid-task leaves: its workspace still mounted, its attempt directory, nobody holding
        // the attempt's owner lock (the kernel dropped it with the process).
        var attempt = Directory.CreateDirectory(Path.Combine(DataDirectory, "attempts", "9-1")).FullName;
        var lower = Directory.CreateDirectory(Path.Combine(attempt, "lower")).FullName;
        File.WriteAllText(Path.Combine(lower, "file.txt"), "x");
        var leftover = Directory.CreateDirectory(Path.Combine(DataDirectory, "workspaces", "9-1")).FullName;
        OverlayMount.Mount([lower], Directory.CreateDirectory(Path.Combine(attempt, "upper")).FullName,
            Directory.CreateDirectory(Path.Combine(attempt, "work")).FullName, leftover);
        Assert.True(OverlayMount.IsMountPoint(leftover));

        var restarted = NewProvider();
        var workspace = await restarted.PrepareAsync(Request(Repo.Path, taskId: 2), Ct);

        Assert.False(OverlayMount.IsMountPoint(leftover));
        Assert.False(Directory.Exists(leftover));
        Assert.False(Directory.Exists(attempt));
        Assert.True(OverlayMount.IsMountPoint(workspace.Path));
    }

    [Fact]
    public async Task Prepare_LiveWorkspaceOfAnotherProvider_IsLeftAlone()
    {
        OverlayRequirement.Check(DataDirectory);
        var live = await PrepareAsync(taskId: 1);

        await NewProvider().PrepareAsync(Request(Repo.Path, taskId: 2), Ct);

        Assert.True(OverlayMount.IsMountPoint(live.Path));
        Assert.Equal("# demo\n", Read(live, "README.md"));
    }

    [Fact]
    public async Task Prepare_SameAttemptAgainAfterCrash_ReplacesMount()
    {
        OverlayRequirement.Check(DataDirectory);
        var crashed = await PrepareAsync();
        File.WriteAllText(Path.Combine(crashed.Path, "partial.txt"), "unsaved");

        var again = await Provider.PrepareAsync(Request(Repo.Path), Ct);

        Assert.False(File.Exists(Path.Combine(again.Path, "partial.txt")));
        Assert.Single(OverlayMount.MountsUnder(Path.Combine(DataDirectory, "workspaces")));
    }

    [Fact]
    public async Task Prepare_OverlayDisabledByOption_UsesWorktreeAndSaysSo()
    {
        var provider = WorktreeProvider();

        var workspace = await provider.PrepareAsync(Request(Repo.Path), Ct);
        File.WriteAllText(Path.Combine(workspace.Path, "new.txt"), "x\n");
        var snapshot = await provider.SnapshotAsync(workspace, "work", Ct);

        Assert.Equal(WorkspaceModes.Worktree, workspace.Mode);
        Assert.Equal(WorkspaceModes.Worktree, provider.EffectiveMode);
        Assert.False(OverlayMount.IsMountPoint(workspace.Path));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "checkouts")));
        Assert.Equal(["new.txt"], snapshot.ChangedPaths);
    }

    [Fact]
    public async Task Cleanup_UnusedCheckoutsBeyondLimit_AreCollectedButNeverOneInUse()
    {
        OverlayRequirement.Check(DataDirectory);
        var provider = new GitWorkspaceProvider(new GitWorkspaceOptions { Root = DataDirectory, MaxCachedCheckouts = 0 });
        var inUse = await provider.PrepareAsync(Request(Repo.Path, taskId: 1), Ct);
        var done = await provider.PrepareAsync(Request(Repo.Path, "feature", taskId: 2), Ct);
        Assert.Equal(2, Directory.EnumerateDirectories(Path.Combine(DataDirectory, "checkouts")).Count());

        await provider.CleanupAsync(done, Ct);

        var kept = Assert.Single(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "checkouts")));
        Assert.EndsWith("-" + Repo.Main, kept, StringComparison.Ordinal);
        Assert.Equal("# demo\n", Read(inUse, "README.md"));

        await provider.CleanupAsync(inUse, Ct);

        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "checkouts")));
    }
}
