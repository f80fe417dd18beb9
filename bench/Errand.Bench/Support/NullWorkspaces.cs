using Errand.Workspaces;

namespace Errand.Bench.Support;

/// <summary>A workspace provider that creates nothing, to measure the engine without file system work.</summary>
internal sealed class NullWorkspaces : IWorkspaceProvider
{
    private readonly string _path = Directory.CreateTempSubdirectory("errand-bench-ws-").FullName;

    public Task<Workspace> PrepareAsync(WorkspaceRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new Workspace(_path, request.Branch, null, null));

    public Task<WorkspaceSnapshot> SnapshotAsync(Workspace workspace, string message, CancellationToken cancellationToken) =>
        Task.FromResult(new WorkspaceSnapshot(null, Errand.Results.DiffStat.Empty));

    public Task DeliverAsync(Workspace workspace, string commit, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string> PushAsync(Workspace workspace, string remote, string commit, CancellationToken cancellationToken) => Task.FromResult(remote);

    public Task<MergeResult> MergeAsync(MergeRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the benchmark's workspaces hold no repository to merge in");

    public Task<string> DiffAsync(string repo, string fromCommit, string toCommit, int maxChars, CancellationToken cancellationToken) =>
        Task.FromResult("");

    public Task CleanupAsync(Workspace workspace, CancellationToken cancellationToken) => Task.CompletedTask;
}
