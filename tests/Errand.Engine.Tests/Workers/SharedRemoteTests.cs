using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Tasks;

namespace Errand.Engine.Tests.Workers;

/// <summary>The shared git remote as the engine uses it: pushes journaled when they fail, the branch delivered there.</summary>
public sealed class SharedRemoteTests
{
    private const string Fix = "sed -i 's/Helo/Hello/' greet.sh";
    private const string Check = "sh tests/greet_test.sh";
    private const string Token = "ghp-shared-remote-token-0123456789";

    [Fact]
    public async Task CommandTask_WithSharedRemote_BranchAndCheckpointRefPushedThere()
    {
        await using var h = await EngineHarness.CreateAsync();
        var remote = Path.Combine(h.Repo.Root, "shared.git");
        h.Repo.Git("init", "--quiet", "--bare", remote);
        h.SharedRemote = remote;
        h.StartWorker();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec(Fix, Check));

        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Succeeded, done.State);
        var result = ErrandJson.Deserialize<TaskResult>(done.ResultJson!);
        Assert.Equal(result.HeadCommit, h.Repo.Git("--git-dir=" + remote, "rev-parse", $"refs/heads/{h.Installation}/{result.Branch}"));
        Assert.Equal(result.HeadCommit, h.Repo.Git("--git-dir=" + remote, "rev-parse", $"refs/errand/installations/{h.Installation}/tasks/{task.Id}/1"));
        Assert.DoesNotContain(await h.JournalAsync(task.Id), e => e.Message.Contains("shared git remote", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CommandTask_SharedRemoteUnreachable_PushFailureJournaledWithoutCredentialsAndDeliveryFails()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.SharedRemote = $"https://errand:{Token}@127.0.0.1:1/team/repo.git";
        h.StartWorker();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec(Fix, Check));

        var done = await h.WaitForEndAsync(task.Id);

        // Delivery is where the team's other hosts see the work: one they cannot see fails, saying why.
        Assert.Equal(TaskState.Failed, done.State);
        Assert.Contains("cannot deliver", done.Reason, StringComparison.Ordinal);
        Assert.Contains("https://***@127.0.0.1:1/team/repo.git", done.Reason, StringComparison.Ordinal);
        var journal = await h.JournalAsync(task.Id);
        var warning = Assert.Single(journal, e => e.Kind == JournalKinds.Warning && e.Message.Contains("only on this host", StringComparison.Ordinal));
        Assert.Contains("the next checkpoint pushes it again", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(journal, e => e.Message.Contains(Token, StringComparison.Ordinal) || (e.DataJson?.Contains(Token, StringComparison.Ordinal) ?? false));
        Assert.DoesNotContain(Token, done.ResultJson ?? "", StringComparison.Ordinal);

        // The work is kept on this host all the same.
        var result = ErrandJson.Deserialize<TaskResult>(done.ResultJson!);
        Assert.NotNull(result.HeadCommit);
    }
}
