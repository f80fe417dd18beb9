using Errand.Workspaces.Tests.Support;

namespace Errand.Workspaces.Tests.Git;

public sealed class GitWorkspaceProviderConcurrencyTests : WorkspaceTestBase
{
    [Fact]
    public async Task Prepare_TenConcurrentFromThreadsOnColdMirror_AllSucceed()
    {
        var prepares = Enumerable.Range(1, 10)
            .Select(id => Task.Run(() => Provider.PrepareAsync(Request(Repo.Path, taskId: id), Ct), Ct));

        var workspaces = await Task.WhenAll(prepares);

        Assert.Equal(10, workspaces.Select(w => w.Path).Distinct().Count());
        Assert.All(workspaces, w => Assert.Equal(Repo.Main, w.BaseCommit));
        Assert.All(workspaces, w => Assert.True(File.Exists(Path.Combine(w.Path, "src/app.txt"))));
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "repos")));
    }

    [Fact]
    public async Task Prepare_TwoProvidersSharingDataDirectory_AllSucceed()
    {
        // Two providers stand for two worker processes: each has its own in-process lock, so only the lock file
        // keeps them apart, including while the mirror is first created.
        var providers = new[] { NewProvider(), NewProvider() };
        var prepares = Enumerable.Range(1, 12)
            .Select(id => Task.Run(() => providers[id % 2].PrepareAsync(Request(Repo.Path, id % 3 == 0 ? "feature" : null, taskId: id), Ct), Ct));

        var workspaces = await Task.WhenAll(prepares);

        Assert.Equal(12, workspaces.Select(w => w.Path).Distinct().Count());
        Assert.All(workspaces, w => Assert.True(File.Exists(Path.Combine(w.Path, "README.md"))));
        Assert.Single(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "repos")));
        // One cached checkout per commit (main and feature), each made once however many asked at the same time.
        Assert.Equal(2, Directory.EnumerateDirectories(Path.Combine(DataDirectory, "checkouts")).Count());
    }

    [Fact]
    public async Task PrepareSnapshotDeliverCleanup_ConcurrentTasks_DoNotInterfere()
    {
        var providers = new[] { NewProvider(), NewProvider() };
        async Task<string> RunTaskAsync(int id)
        {
            var provider = providers[id % 2];
            var workspace = await provider.PrepareAsync(Request(Repo.Path, taskId: id), Ct);
            File.WriteAllText(Path.Combine(workspace.Path, $"task{id}.txt"), $"{id}\n");
            var snapshot = await provider.SnapshotAsync(workspace, $"task {id}", Ct);
            await provider.DeliverAsync(workspace, snapshot.Commit!, Ct);
            await provider.CleanupAsync(workspace, Ct);
            return snapshot.Commit!;
        }

        var commits = await Task.WhenAll(Enumerable.Range(1, 8).Select(id => Task.Run(() => RunTaskAsync(id), Ct)));

        for (var id = 1; id <= 8; id++)
        {
            Assert.Equal(commits[id - 1], await Repo.GitAsync("rev-parse", $"refs/heads/errand/{id}-test-task"));
            Assert.Equal($"task{id}.txt", await Repo.GitAsync("diff", "--name-only", Repo.Main, commits[id - 1]));
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(DataDirectory, "workspaces")));
    }
}
