using Errand.Workspaces.Tests.Support;

namespace Errand.Workspaces.Tests.Git;

/// <summary>
/// Regression: the sandbox could write the worktree's git directory, so an agent could point its <c>commondir</c>
/// at a repository of its own whose config defines a clean filter, and the next snapshot (git add on the host)
/// ran that program outside the sandbox. Errand's git must never read a file the agent can write as config.
/// </summary>
public sealed class GitConfigAttackTests : WorkspaceTestBase
{
    private string Marker => Temp.Combine("pwned");

    [Fact]
    public async Task Snapshot_WorktreeCommondirRedirectedToAgentRepo_DoesNotRunPlantedFilter()
    {
        var provider = WorktreeProvider();
        var workspace = await provider.PrepareAsync(Request(Repo.Path), Ct);
        var admin = await TestGit.RunAsync(workspace.Path, "rev-parse", "--absolute-git-dir");
        var evil = await PlantRepositoryAsync(Temp.Combine("evil.git"));

        // Everything here is inside what the sandbox binds writable: the work tree and the worktree's admin dir.
        File.WriteAllText(Path.Combine(admin, "commondir"), evil + "\n");
        PlantAttributes(workspace.Path);

        var snapshot = await provider.SnapshotAsync(workspace, "work", Ct);

        Assert.False(File.Exists(Marker), "the planted filter ran on the host");
        Assert.Equal([".gitattributes", "payload.txt"], snapshot.ChangedPaths);
        Assert.Equal("payload", await MirrorGitAsync(workspace, "show", snapshot.Commit + ":payload.txt"));
    }

    [Fact]
    public async Task Snapshot_OverlayAgentGitConfigWithFilter_DoesNotRunPlantedFilter()
    {
        OverlayRequirement.Check(DataDirectory);
        var workspace = await PrepareAsync();
        File.AppendAllText(Path.Combine(workspace.Path, ".git", "config"), FilterConfig());
        PlantAttributes(workspace.Path);

        var snapshot = await Provider.SnapshotAsync(workspace, "work", Ct);

        Assert.False(File.Exists(Marker), "the planted filter ran on the host");
        Assert.Equal([".gitattributes", "payload.txt"], snapshot.ChangedPaths);
    }

    [Fact]
    public async Task Snapshot_NestedRepositoryWithFilterConfig_DoesNotRunPlantedFilter()
    {
        var workspace = await PrepareAsync();
        var nested = Path.Combine(workspace.Path, "vendor", "lib");
        await PlantRepositoryAsync(nested, bare: false);
        PlantAttributes(nested);
        PlantAttributes(workspace.Path);

        await Provider.SnapshotAsync(workspace, "work", Ct);
        await Provider.SnapshotAsync(workspace, "again", Ct);

        Assert.False(File.Exists(Marker), "the planted filter ran on the host");
    }

    private async Task<string> PlantRepositoryAsync(string path, bool bare = true)
    {
        Directory.CreateDirectory(path);
        await TestGit.RunAsync(path, bare ? ["init", "--quiet", "--bare"] : ["init", "--quiet"]);
        if (!bare)
        {
            File.WriteAllText(Path.Combine(path, "lib.txt"), "lib\n");
            await TestGit.RunAsync(path, "add", "lib.txt");
            await TestGit.RunAsync(path, "commit", "--quiet", "-m", "lib");
        }

        File.AppendAllText(Path.Combine(path, bare ? "config" : ".git/config"), FilterConfig());
        return path;
    }

    private string FilterConfig() =>
        $"[filter \"evil\"]\n\tclean = touch {Marker}; cat\n\tsmudge = cat\n\trequired = true\n"
        + $"[core]\n\tfsmonitor = touch {Marker}\n\tsshCommand = touch {Marker}\n[diff]\n\texternal = touch {Marker}\n";

    private static void PlantAttributes(string directory)
    {
        File.WriteAllText(Path.Combine(directory, ".gitattributes"), "* filter=evil diff=evil\n");
        File.WriteAllText(Path.Combine(directory, "payload.txt"), "payload\n");
    }
}
