using Errand.Workspaces.Tests.Support;

namespace Errand.Workspaces.Tests.Git;

public sealed class GitWorkspaceProviderPrepareTests : WorkspaceTestBase
{
    [Fact]
    public async Task Prepare_LocalRepoWithoutBase_ChecksOutHeadDetachedWithoutCopyingObjects()
    {
        var workspace = await PrepareAsync();

        Assert.Equal(Repo.Main, workspace.BaseCommit);
        Assert.Equal(Repo.Path, workspace.Repo);
        Assert.Equal("errand/1-test-task", workspace.Branch);
        Assert.True(workspace.IsGit);
        Assert.False(workspace.SourceDirty);
        Assert.Equal(Path.Combine(DataDirectory, "workspaces", "1-1"), workspace.Path);
        Assert.Equal("one\ntwo\nthree\nfour\n", Read(workspace, "src/app.txt"));
        Assert.Equal(Repo.Main, await TestGit.RunAsync(workspace.Path, "rev-parse", "HEAD"));
        Assert.Equal("HEAD", await TestGit.RunAsync(workspace.Path, "rev-parse", "--abbrev-ref", "HEAD"));

        // As root the default is an overlay: ".git" is the agent's own small repository borrowing the mirror's
        // objects, and nothing is copied.
        Assert.Equal(WorkspaceModes.Overlay, workspace.Mode);
        Assert.StartsWith(Path.Combine(DataDirectory, "repos") + "/", workspace.MirrorPath, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(workspace.MirrorPath!, "objects") + "\n", File.ReadAllText(Path.Combine(workspace.Path, ".git/objects/info/alternates")));
        Assert.Equal([Path.Combine(workspace.Path, ".git/objects/info/alternates")],
            Directory.EnumerateFiles(Path.Combine(workspace.Path, ".git/objects"), "*", SearchOption.AllDirectories));
        Assert.Equal([Path.Combine(workspace.MirrorPath!, "objects")], workspace.ReadOnlyPaths);
    }

    [Fact]
    public async Task Prepare_WorktreeMode_ChecksOutWorktreeSharingMirrorObjects()
    {
        var workspace = await WorktreeProvider().PrepareAsync(Request(Repo.Path), Ct);

        Assert.Equal(WorkspaceModes.Worktree, workspace.Mode);
        Assert.Equal(Repo.Main, await TestGit.RunAsync(workspace.Path, "rev-parse", "HEAD"));
        Assert.True(File.Exists(Path.Combine(workspace.Path, ".git")));
        Assert.Equal(Path.Combine(workspace.MirrorPath!, "objects"),
            await TestGit.RunAsync(workspace.Path, "rev-parse", "--path-format=absolute", "--git-common-dir") + "/objects");
    }

    [Theory]
    [InlineData("feature")]
    [InlineData("refs/heads/feature")]
    public async Task Prepare_Branch_ChecksOutBranchTip(string @base)
    {
        var workspace = await PrepareAsync(@base);

        Assert.Equal(Repo.Feature, workspace.BaseCommit);
        Assert.Equal("feature\n", Read(workspace, "feature.txt"));
    }

    [Fact]
    public async Task Prepare_AnnotatedTag_ChecksOutTaggedCommit()
    {
        var workspace = await PrepareAsync("v1");

        Assert.Equal(Repo.Initial, workspace.BaseCommit);
        Assert.Equal("one\ntwo\nthree\n", Read(workspace, "src/app.txt"));
    }

    [Fact]
    public async Task Prepare_FullAndShortSha_ResolveToFullCommit()
    {
        var full = await PrepareAsync(Repo.Initial, taskId: 1);
        var abbreviated = await PrepareAsync(Repo.Feature[..10], taskId: 2);

        Assert.Equal(Repo.Initial, full.BaseCommit);
        Assert.Equal(Repo.Feature, abbreviated.BaseCommit);
    }

    [Fact]
    public async Task Prepare_SubdirectoryPath_UsesTheRepositoryItBelongsTo()
    {
        var fromRoot = await PrepareAsync(taskId: 1);
        var fromSubdirectory = await Provider.PrepareAsync(Request(Path.Combine(Repo.Path, "src") + "/", taskId: 2), Ct);

        Assert.Equal(Repo.Path, fromSubdirectory.Repo);
        Assert.Equal(Repo.Main, fromSubdirectory.BaseCommit);
        Assert.Equal(fromRoot.MirrorPath, fromSubdirectory.MirrorPath);
        Assert.True(File.Exists(Path.Combine(fromSubdirectory.Path, "README.md")));
    }

    [Fact]
    public async Task Prepare_FileUrl_MirrorsAndChecksOutRemoteHead()
    {
        var url = "file://" + Repo.Path;

        var workspace = await Provider.PrepareAsync(Request(url, "feature"), Ct);

        Assert.Equal(url, workspace.Repo);
        Assert.Equal(Repo.Feature, workspace.BaseCommit);
        Assert.Matches(@"/repos/source-[0-9a-f]{12}\.git$", workspace.MirrorPath);
        Assert.Equal(Repo.Main, await MirrorGitAsync(workspace, "rev-parse", "refs/heads/main"));
    }

    [Fact]
    public async Task Prepare_UnreachableUrl_ThrowsAndLeavesNoMirror()
    {
        var url = "file://" + Temp.Combine("gone.git");

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.PrepareAsync(Request(url), Ct));

        Assert.StartsWith($"cannot fetch {url}: ", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "repos")));
    }

    [Fact]
    public async Task Prepare_BareRepository_ChecksOutItsHead()
    {
        var bare = Temp.Combine("bare.git");
        await TestGit.RunAsync(Temp.Path, "clone", "--quiet", "--bare", Repo.Path, bare);

        var workspace = await Provider.PrepareAsync(Request(bare), Ct);

        Assert.Equal(bare, workspace.Repo);
        Assert.Equal(Repo.Main, workspace.BaseCommit);
        Assert.False(workspace.SourceDirty);
    }

    [Fact]
    public async Task Prepare_UnknownBase_ThrowsNamingBaseAndRepository()
    {
        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => PrepareAsync("mian"));

        Assert.Equal($"base 'mian' not found in {Repo.Path}", ex.Message);
        Assert.False(Directory.Exists(Path.Combine(DataDirectory, "workspaces", "1-1")));
    }

    [Fact]
    public async Task Prepare_DirectoryOutsideAnyRepository_ThrowsNotAGitRepository()
    {
        var plain = Directory.CreateDirectory(Temp.Combine("plain")).FullName;

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.PrepareAsync(Request(plain), Ct));

        Assert.Equal($"not a git repository: {plain}", ex.Message);
    }

    [Fact]
    public async Task Prepare_MissingPath_ThrowsSayingItDoesNotExist()
    {
        var missing = Temp.Combine("nowhere");

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.PrepareAsync(Request(missing), Ct));

        Assert.Equal($"repository path does not exist: {missing}", ex.Message);
    }

    [Theory]
    [InlineData("relative/path", "neither an absolute path nor a git URL")]
    [InlineData("--upload-pack=touch /tmp/pwned", "may not start with '-'")]
    [InlineData("ext::sh -c touch% /tmp/pwned", "transport helper")]
    [InlineData("ftp://example.com/repo.git", "is not supported")]
    public async Task Prepare_UnusableRepository_ThrowsWithReason(string repo, string reason)
    {
        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.PrepareAsync(Request(repo), Ct));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--output=/tmp/x")]
    [InlineData("-")]
    [InlineData("main branch")]
    public async Task Prepare_OptionLikeOrMalformedBase_IsRefused(string @base)
    {
        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => PrepareAsync(@base));

        Assert.Contains($"base '{@base}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-evil")]
    [InlineData("errand/a..b")]
    [InlineData("HEAD")]
    [InlineData("")]
    public async Task Prepare_InvalidBranchName_IsRefusedBeforeAnyWork(string branch)
    {
        var request = Request(Repo.Path) with { Branch = branch };

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.PrepareAsync(request, Ct));

        Assert.Contains("is not a valid branch name", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(DataDirectory, "repos")));
    }

    [Fact]
    public async Task Prepare_EmptyRepository_ThrowsNoCommits()
    {
        var empty = Temp.Combine("empty");
        Directory.CreateDirectory(empty);
        await TestGit.RunAsync(empty, "init", "--quiet");

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.PrepareAsync(Request(empty), Ct));

        Assert.Equal($"{empty} has no commits yet", ex.Message);
    }

    [Fact]
    public async Task Prepare_UncommittedSourceChanges_AreLeftOutAndFlagged()
    {
        Repo.Write("src/app.txt", "uncommitted edit\n");
        Repo.Write("scratch.txt", "untracked\n");

        var workspace = await PrepareAsync();

        Assert.True(workspace.SourceDirty);
        Assert.Equal(Repo.Main, workspace.BaseCommit);
        Assert.Equal("one\ntwo\nthree\nfour\n", Read(workspace, "src/app.txt"));
        Assert.False(File.Exists(Path.Combine(workspace.Path, "scratch.txt")));
    }

    [Fact]
    public async Task Prepare_DetachedSourceHead_ChecksOutCommitOnNoBranch()
    {
        await Repo.GitAsync("switch", "--quiet", "--detach", Repo.Initial);
        Repo.Write("detached.txt", "only here\n");
        var detached = await Repo.CommitAllAsync("on no branch");

        var workspace = await PrepareAsync();

        Assert.Equal(detached, workspace.BaseCommit);
        Assert.Equal("only here\n", Read(workspace, "detached.txt"));
    }

    [Fact]
    public async Task Prepare_NewSourceCommits_AreFetchedIntoTheWarmMirror()
    {
        await PrepareAsync(taskId: 1);
        Repo.Write("later.txt", "later\n");
        var later = await Repo.CommitAllAsync("later");

        var workspace = await PrepareAsync(taskId: 2);

        Assert.Equal(later, workspace.BaseCommit);
        Assert.Equal("later\n", Read(workspace, "later.txt"));
    }

    [Fact]
    public async Task Prepare_RemoteTrackingBaseOfLocalRepository_Resolves()
    {
        await Repo.GitAsync("update-ref", "refs/remotes/origin/main", Repo.Initial);

        var workspace = await PrepareAsync("origin/main");

        Assert.Equal(Repo.Initial, workspace.BaseCommit);
    }

    [Fact]
    public async Task Prepare_TwoAttempts_GetSeparateDirectories()
    {
        var first = await PrepareAsync(attempt: 1);
        var second = await PrepareAsync(attempt: 2);

        Assert.NotEqual(first.Path, second.Path);
        File.WriteAllText(Path.Combine(first.Path, "stale.txt"), "from attempt 1");
        Assert.False(File.Exists(Path.Combine(second.Path, "stale.txt")));
    }

    [Fact]
    public async Task Prepare_LeftoverDirectoryFromCrash_IsReplaced()
    {
        var path = Path.Combine(DataDirectory, "workspaces", "1-1");
        Directory.CreateDirectory(Path.Combine(path, "half"));
        File.WriteAllText(Path.Combine(path, "half", "junk.txt"), "left by a dead worker");

        var workspace = await PrepareAsync();

        Assert.Equal(path, workspace.Path);
        Assert.False(Directory.Exists(Path.Combine(path, "half")));
        Assert.True(File.Exists(Path.Combine(path, "README.md")));
    }

    [Fact]
    public async Task Prepare_SameAttemptAgainAfterCrash_ReplacesRegisteredWorktree()
    {
        var crashed = await WorktreeProvider().PrepareAsync(Request(Repo.Path), Ct);
        File.WriteAllText(Path.Combine(crashed.Path, "partial.txt"), "unsaved");

        var again = await WorktreeProvider().PrepareAsync(Request(Repo.Path), Ct);

        Assert.Equal(crashed.Path, again.Path);
        Assert.False(File.Exists(Path.Combine(again.Path, "partial.txt")));
        Assert.Equal(Repo.Main, await TestGit.RunAsync(again.Path, "rev-parse", "HEAD"));
        var worktrees = await MirrorGitAsync(again, "worktree", "list", "--porcelain");
        Assert.Single(worktrees.Split('\n'), line => line == "worktree " + again.Path);
    }

    [Fact]
    public async Task Prepare_WorktreeRegisteredButDirectoryGone_IsRecreated()
    {
        var provider = WorktreeProvider();
        var crashed = await provider.PrepareAsync(Request(Repo.Path), Ct);
        Directory.Delete(crashed.Path, recursive: true);

        var again = await provider.PrepareAsync(Request(Repo.Path), Ct);

        Assert.True(File.Exists(Path.Combine(again.Path, "README.md")));
    }

    [Fact]
    public async Task Prepare_StartCommit_ResumesFromCheckpointKeepingOriginalBase()
    {
        var first = await PrepareAsync(attempt: 1);
        File.WriteAllText(Path.Combine(first.Path, "progress.txt"), "half done\n");
        var checkpoint = await Provider.SnapshotAsync(first, "checkpoint", Ct);
        await Provider.CleanupAsync(first, Ct);

        var resumed = await Provider.PrepareAsync(Request(Repo.Path, attempt: 2) with { StartCommit = checkpoint.Commit }, Ct);

        Assert.Equal(Repo.Main, resumed.BaseCommit);
        Assert.Equal("half done\n", Read(resumed, "progress.txt"));
        var unchanged = await Provider.SnapshotAsync(resumed, "nothing new", Ct);
        Assert.Equal(checkpoint.Commit, unchanged.Commit);
        Assert.Equal(["progress.txt"], unchanged.ChangedPaths);
    }

    [Fact]
    public async Task Prepare_UnknownStartCommit_Throws()
    {
        var request = Request(Repo.Path) with { StartCommit = new string('a', 40) };

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => Provider.PrepareAsync(request, Ct));

        Assert.Contains("checkpoint commit 'aaaaaaaa", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_Cancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Provider.PrepareAsync(Request(Repo.Path), cancelled.Token));
    }

    [Fact]
    public async Task Prepare_Scratch_CreatesEmptyNonGitDirectory()
    {
        var leftover = Path.Combine(DataDirectory, "workspaces", "7-1");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "old.txt"), "old");

        var workspace = await Provider.PrepareAsync(Request(null, taskId: 7), Ct);

        Assert.Equal(leftover, workspace.Path);
        Assert.False(workspace.IsGit);
        Assert.Null(workspace.BaseCommit);
        Assert.Null(workspace.Repo);
        Assert.Null(workspace.MirrorPath);
        Assert.Empty(Directory.EnumerateFileSystemEntries(workspace.Path));
    }
}
