using Errand.Cli.Tests.Support;

namespace Errand.Cli.Tests.Remote;

/// <summary>Commands that only make sense where the store is refuse an explicit <c>--server</c>, before reading input or opening anything.</summary>
public sealed class RemoteCliRefusalTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("errand-refusal-").FullName;

    [Theory]
    [InlineData("run", new[] { "run", "task.md" })]
    [InlineData("worker", new[] { "worker" })]
    [InlineData("serve", new[] { "serve" })]
    [InlineData("mcp", new[] { "mcp" })]
    [InlineData("secret set", new[] { "secret", "set", "NUGET_TOKEN" })]
    [InlineData("secret rm", new[] { "secret", "rm", "NUGET_TOKEN" })]
    public async Task LocalOnlyCommand_WithServer_RefusedWithExit2(string name, string[] args)
    {
        var (code, _, all) = await ErrandProcess.RunCapturedAsync(_home, _home, TimeSpan.FromSeconds(60), [.. args, "--server", "http://127.0.0.1:9", "--token", "x"]);

        Assert.Equal(2, code);
        Assert.Contains($"errand {name}: not available against a server (http://127.0.0.1:9)", all, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_home));
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
