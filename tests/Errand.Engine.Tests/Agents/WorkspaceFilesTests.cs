using Errand.Agents.Tools;

namespace Errand.Engine.Tests.Agents;

public sealed class WorkspaceFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("errand-files-").FullName;
    private readonly string _workspace;
    private readonly string _outside;

    public WorkspaceFilesTests()
    {
        _workspace = Directory.CreateDirectory(Path.Combine(_root, "ws")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_root, "ws-outside")).FullName;
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "SECRET");
        Directory.CreateDirectory(Path.Combine(_workspace, "src"));
        File.WriteAllText(Path.Combine(_workspace, "src", "a.txt"), "inside");
        File.CreateSymbolicLink(Path.Combine(_workspace, "shadow"), "/etc/shadow");
        File.CreateSymbolicLink(Path.Combine(_workspace, "sibling"), Path.Combine(_outside, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_workspace, "outdir"), _outside);
        Directory.CreateSymbolicLink(Path.Combine(_workspace, "srclink"), Path.Combine(_workspace, "src"));
    }

    [Theory]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("../ws-outside/secret.txt", "leaves the workspace")]
    [InlineData("src/../../ws-outside/secret.txt", "leaves the workspace")]
    [InlineData("shadow", "symlink 'shadow'")]
    [InlineData("sibling", "symlink 'sibling'")]
    [InlineData("outdir/secret.txt", "symlink 'outdir'")]
    [InlineData("outdir/new.txt", "symlink 'outdir'")]
    [InlineData("", "empty")]
    public void Resolve_Escapes_AreRefusedWithTheReason(string path, string reason)
    {
        var ex = Assert.Throws<WorkspacePathException>(() => new WorkspaceFiles(_workspace).Resolve(path));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("src/a.txt")]
    [InlineData("./src/../src/a.txt")]
    [InlineData("srclink/a.txt")]
    [InlineData("new/dir/file.txt")]
    public void Resolve_PathsInside_AreAllowed(string path) =>
        Assert.StartsWith(_workspace, new WorkspaceFiles(_workspace).Resolve(path), StringComparison.Ordinal);

    [Fact]
    public async Task ReadAndWrite_StayInside()
    {
        var files = new WorkspaceFiles(_workspace);
        await files.WriteAllTextAsync("new/dir/file.txt", "hello", CancellationToken.None);

        Assert.Equal("hello", await files.ReadAllTextAsync("new/dir/file.txt", CancellationToken.None));
        await Assert.ThrowsAsync<WorkspacePathException>(() => files.WriteAllTextAsync("outdir/planted.txt", "x", CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_outside, "planted.txt")));
        Assert.Contains("src/", files.List());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
