namespace Errand.Workspaces.Tests.Support;

/// <summary>A fresh source repository and data directory per test, with a provider over them.</summary>
public abstract class WorkspaceTestBase : IAsyncLifetime
{
    internal TempDirectory Temp { get; } = new();

    internal TestRepo Repo { get; private set; } = null!;

    internal string DataDirectory => Temp.Combine("data");

    internal GitWorkspaceProvider Provider { get; private set; } = null!;

    internal static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Repo = await TestRepo.CreateAsync(Temp.Combine("source"));
        Provider = NewProvider();
    }

    public ValueTask DisposeAsync()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    internal GitWorkspaceProvider NewProvider(WorkspaceMode mode = WorkspaceMode.Auto) =>
        new(new GitWorkspaceOptions { Root = DataDirectory, Mode = mode });

    /// <summary>A provider that makes git worktrees, as where overlay mounts are unavailable.</summary>
    internal GitWorkspaceProvider WorktreeProvider() => NewProvider(WorkspaceMode.Worktree);

    internal static WorkspaceRequest Request(string? repo, string? @base = null, long taskId = 1, int attempt = 1) =>
        new(taskId, attempt, repo, @base, TaskBranch.For(taskId, "test task"));

    internal Task<Workspace> PrepareAsync(string? @base = null, long taskId = 1, int attempt = 1) =>
        Provider.PrepareAsync(Request(Repo.Path, @base, taskId, attempt), Ct);

    internal static Task<string> MirrorGitAsync(Workspace workspace, params string[] arguments) =>
        TestGit.RunAsync(workspace.MirrorPath!, arguments);

    internal static string Read(Workspace workspace, string relativePath) =>
        File.ReadAllText(Path.Combine(workspace.Path, relativePath));
}
