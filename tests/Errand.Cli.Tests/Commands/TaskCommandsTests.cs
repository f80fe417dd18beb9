using System.Globalization;
using System.Text.Json;
using Errand.Cli.Tests.Support;
using Errand.Tests.Shared;

namespace Errand.Cli.Tests.Commands;

/// <summary>submit, ls, logs, wait and cancel against one data directory, with no worker running.</summary>
public sealed class TaskCommandsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task QueuedTask_ListedLoggedWaitedOnAndCancelled_WithMeaningfulExitCodes()
    {
        using var repo = new TempGitRepo();
        repo.WriteFile("README.md", "x\n");
        repo.Commit("initial");
        var spec = repo.WriteSpec("t.md", "title: Wait for me\nagent: command\ncommand: true\nverify: [true]\nbudget: { time: 1m }\nsandbox: { backend: none }");
        var id = (await ErrandProcess.SubmitAsync(repo.DataDir, repo.Root, spec, Timeout)).ToString(CultureInfo.InvariantCulture);

        var (lsCode, ls) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "ls", "--state", "queued", "--json");
        Assert.Equal(0, lsCode);
        Assert.Equal("Wait for me", JsonDocument.Parse(ls).RootElement[0].GetProperty("title").GetString());

        var (logsCode, logs) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "logs", id, "--json");
        Assert.Equal(0, logsCode);
        Assert.Equal("submitted", JsonDocument.Parse(logs.Split('\n')[0]).RootElement.GetProperty("kind").GetString());

        var (waitCode, _) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "wait", id, "--timeout", "300ms");
        Assert.Equal(124, waitCode);

        var (cancelCode, _) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "cancel", id);
        Assert.Equal(0, cancelCode);
        var (waited, _) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "wait", id);
        Assert.Equal(5, waited);

        var (missing, _) = await ErrandProcess.RunAsync(repo.DataDir, repo.Root, Timeout, "show", "4242");
        Assert.Equal(3, missing);
    }
}
