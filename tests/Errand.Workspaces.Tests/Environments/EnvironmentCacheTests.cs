using Errand.Workspaces.Overlay;
using Errand.Workspaces.Tests.Support;

namespace Errand.Workspaces.Tests.Environments;

public sealed class EnvironmentCacheTests : WorkspaceTestBase
{
    private const string Install = "mkdir -p node_modules/pkg && echo 'module.exports = 1' > node_modules/pkg/index.js && echo installed >> README.md "
        + "&& mkdir -p \"$HOME/.cache/tool\" && echo cached > \"$HOME/.cache/tool/blob\"";

    private string Counter => Temp.Combine("setup-runs");

    private Task<Workspace> PrepareWithSetupAsync(ISetupRunner setup, long taskId, GitWorkspaceProvider? provider = null) =>
        (provider ?? Provider).PrepareAsync(Request(Repo.Path, taskId: taskId) with { Setup = setup }, Ct);

    [Fact]
    public async Task Prepare_SameKeyTwice_RunsSetupOnceThenWarm()
    {
        OverlayRequirement.Check(DataDirectory);
        var setup = new ShellSetupRunner(Counter, Install);

        var cold = await PrepareWithSetupAsync(setup, 1);
        var warm = await PrepareWithSetupAsync(setup, 2);

        Assert.Equal(1, setup.Runs);
        Assert.False(cold.Environment!.Warm);
        Assert.True(cold.Environment.Cached);
        Assert.Single(cold.Environment.Commands);
        Assert.True(warm.Environment!.Warm);
        Assert.Empty(warm.Environment.Commands);
        Assert.Equal(cold.Environment.Key, warm.Environment.Key);
        Assert.Equal("module.exports = 1\n", Read(warm, "node_modules/pkg/index.js"));
        Assert.Equal("cached\n", File.ReadAllText(Path.Combine(warm.HomePath!, ".cache/tool/blob")));
    }

    [Fact]
    public async Task Prepare_ConcurrentTasksSameKey_OneBuildsOthersWait()
    {
        OverlayRequirement.Check(DataDirectory);
        var setup = new ShellSetupRunner(Counter, "sleep 0.3", Install);
        var providers = new[] { NewProvider(), NewProvider() };

        var workspaces = await Task.WhenAll(Enumerable.Range(1, 4).Select(id => Task.Run(() => PrepareWithSetupAsync(setup, id, providers[id % 2]), Ct)));

        Assert.Equal(1, setup.Runs);
        Assert.Single(workspaces, w => !w.Environment!.Warm);
        Assert.All(workspaces, w => Assert.Equal("module.exports = 1\n", Read(w, "node_modules/pkg/index.js")));
    }

    [Fact]
    public async Task Prepare_LockFileChanged_BuildsNewEnvironment()
    {
        OverlayRequirement.Check(DataDirectory);
        var setup = new ShellSetupRunner(Counter, Install);
        Repo.Write("web/package-lock.json", "{\"lockfileVersion\": 3}\n");
        await Repo.CommitAllAsync("lock");
        var first = await PrepareWithSetupAsync(setup, 1);
        Repo.Write("web/package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {}}\n");
        await Repo.CommitAllAsync("bump");

        var second = await PrepareWithSetupAsync(setup, 2);

        Assert.Equal(2, setup.Runs);
        Assert.False(second.Environment!.Warm);
        Assert.NotEqual(first.Environment!.Key, second.Environment.Key);
        Assert.Equal(["web/package-lock.json"], second.Environment.LockFiles);
    }

    [Fact]
    public async Task Prepare_SetupCommandsChanged_BuildsNewEnvironment()
    {
        OverlayRequirement.Check(DataDirectory);
        await PrepareWithSetupAsync(new ShellSetupRunner(Counter, Install), 1);

        var other = await PrepareWithSetupAsync(new ShellSetupRunner(Counter, Install, "true"), 2);

        Assert.False(other.Environment!.Warm);
        Assert.Equal(2, new ShellSetupRunner(Counter).Runs);
    }

    [Fact]
    public async Task Prepare_SetupFails_ThrowsWithOutputTailAndCachesNothing()
    {
        OverlayRequirement.Check(DataDirectory);
        var failing = new ShellSetupRunner(Counter, "echo restoring; echo 'registry unreachable' >&2; exit 3");

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => PrepareWithSetupAsync(failing, 1));
        await Assert.ThrowsAsync<WorkspaceException>(() => PrepareWithSetupAsync(failing, 2));

        Assert.Contains("exit code 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("registry unreachable", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, failing.Runs);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(DataDirectory, "environments")));
        Assert.Empty(OverlayMount.MountsUnder(DataDirectory));
        Assert.False(Directory.Exists(Path.Combine(DataDirectory, "workspaces", "1-1")));
    }

    [Fact]
    public async Task Snapshot_AfterSetup_CommitsOnlyTheAgentsChanges()
    {
        OverlayRequirement.Check(DataDirectory);
        var workspace = await PrepareWithSetupAsync(new ShellSetupRunner(Counter, Install), 1);
        File.WriteAllText(Path.Combine(workspace.Path, "agent.txt"), "agent\n");
        File.WriteAllText(Path.Combine(workspace.Path, "src/app.txt"), "changed by the agent\n");

        var snapshot = await Provider.SnapshotAsync(workspace, "work", Ct);

        Assert.Equal(["agent.txt", "src/app.txt"], snapshot.ChangedPaths);
        Assert.Equal("# demo", await MirrorGitAsync(workspace, "show", snapshot.Commit + ":README.md"));
        Assert.DoesNotContain("node_modules", await MirrorGitAsync(workspace, "ls-tree", "-r", "--name-only", snapshot.Commit!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_AgentEditsAFileSetupChanged_CommitsTheAgentsVersion()
    {
        OverlayRequirement.Check(DataDirectory);
        var workspace = await PrepareWithSetupAsync(new ShellSetupRunner(Counter, Install), 1);
        File.WriteAllText(Path.Combine(workspace.Path, "README.md"), "# rewritten\n");

        var snapshot = await Provider.SnapshotAsync(workspace, "work", Ct);

        Assert.Equal(["README.md"], snapshot.ChangedPaths);
        Assert.Equal("# rewritten", await MirrorGitAsync(workspace, "show", snapshot.Commit + ":README.md"));
    }

    [Fact]
    public async Task Prepare_TaskWritesToWarmHomeAndWorkspace_LayersStayUnchanged()
    {
        OverlayRequirement.Check(DataDirectory);
        var setup = new ShellSetupRunner(Counter, Install);
        var first = await PrepareWithSetupAsync(setup, 1);
        File.WriteAllText(Path.Combine(first.HomePath!, ".cache/tool/blob"), "overwritten\n");
        File.Delete(Path.Combine(first.Path, "node_modules/pkg/index.js"));
        await Provider.CleanupAsync(first, Ct);

        var second = await PrepareWithSetupAsync(setup, 2);

        Assert.Equal("cached\n", File.ReadAllText(Path.Combine(second.HomePath!, ".cache/tool/blob")));
        Assert.Equal("module.exports = 1\n", Read(second, "node_modules/pkg/index.js"));
        Assert.Empty(OverlayMount.MountsUnder(Path.Combine(DataDirectory, "attempts", "1-1")));
    }

    [Fact]
    public async Task Prepare_WorktreeMode_RunsSetupEveryTimeAndKeepsItOutOfCommits()
    {
        var provider = WorktreeProvider();
        var setup = new ShellSetupRunner(Counter, Install);
        await PrepareWithSetupAsync(setup, 1, provider);

        var second = await PrepareWithSetupAsync(setup, 2, provider);
        File.WriteAllText(Path.Combine(second.Path, "agent.txt"), "agent\n");
        var snapshot = await provider.SnapshotAsync(second, "work", Ct);

        Assert.Equal(2, setup.Runs);
        Assert.False(second.Environment!.Warm);
        Assert.False(second.Environment.Cached);
        Assert.Equal("overlay unavailable", second.Environment.NotCachedReason);
        Assert.Equal(["agent.txt"], snapshot.ChangedPaths);
    }
}
