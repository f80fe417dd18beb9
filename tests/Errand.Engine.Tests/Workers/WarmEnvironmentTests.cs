using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;

namespace Errand.Engine.Tests.Workers;

/// <summary>Setup through the worker: in the task's bubblewrap sandbox, once per environment key, kept out of the diff.</summary>
public sealed class WarmEnvironmentTests
{
    // Writes a dependency tree into the workspace and a cache into the sandbox home, as a package restore does.
    private const string Restore = "mkdir -p node_modules/left-pad && echo 'module.exports = 1' > node_modules/left-pad/index.js "
        + "&& mkdir -p \"$HOME/.npm\" && echo cached > \"$HOME/.npm/blob\" && id -u > setup-uid.txt";

    // The agent relies on both, and on git working inside the sandbox.
    private const string Agent = "test -f node_modules/left-pad/index.js && test -f \"$HOME/.npm/blob\" && git status --porcelain > /dev/null "
        + "&& sed -i 's/Helo/Hello/' greet.sh";

    private static TaskResult ResultOf(TaskRecord task) => ErrandJson.Deserialize<TaskResult>(task.ResultJson!);

    private static TaskSpec Spec(params string[] setup) =>
        EngineHarness.CommandSpec(Agent, "sh tests/greet_test.sh") with { Sandbox = new SandboxSpec(), Setup = setup };

    [Fact]
    public async Task TwoTasksSameSetup_FirstColdSecondWarm_SetupNotInDiff()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();

        var first = await h.WaitForEndAsync((await h.SubmitAsync(Spec(Restore))).Id);
        var second = await h.WaitForEndAsync((await h.SubmitAsync(Spec(Restore))).Id);

        Assert.Equal(TaskState.Succeeded, first.State);
        Assert.Equal(TaskState.Succeeded, second.State);
        var cold = Assert.Single(await h.JournalAsync(first.Id), e => e.Kind == JournalKinds.Environment);
        var warm = Assert.Single(await h.JournalAsync(second.Id), e => e.Kind == JournalKinds.Environment);
        Assert.StartsWith("environment: cold (built in", cold.Message, StringComparison.Ordinal);
        Assert.StartsWith("environment: warm (reused in", warm.Message, StringComparison.Ordinal);
        Assert.Contains("\"exit_code\":0", cold.DataJson, StringComparison.Ordinal);
        Assert.DoesNotContain(await h.JournalAsync(second.Id), e => e.Kind == JournalKinds.CommandStarted && e.Message.StartsWith("setup", StringComparison.Ordinal));
        foreach (var task in new[] { first, second })
        {
            var result = ResultOf(task);
            Assert.Equal("overlay", result.Workspace);
            Assert.Equal(["greet.sh"], result.DiffStat!.Files.Select(f => f.Path));
        }

        Assert.StartsWith("warm", ResultOf(second).Environment, StringComparison.Ordinal);
        Assert.Contains(await h.JournalAsync(first.Id), e => e.Kind == JournalKinds.CommandStarted && e.Message == $"setup 1/1: {Restore}");
    }

    [Fact]
    public async Task SetupFails_TaskFailsWithOutputTailAndNextTaskRunsSetupAgain()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        var failing = Spec("echo resolving; echo 'E404 left-pad not found' >&2; exit 4");

        var first = await h.WaitForEndAsync((await h.SubmitAsync(failing)).Id);
        var second = await h.WaitForEndAsync((await h.SubmitAsync(failing)).Id);

        Assert.Equal(TaskState.Failed, first.State);
        Assert.Contains("setup command 1", first.Reason, StringComparison.Ordinal);
        Assert.Contains("E404 left-pad not found", first.Reason, StringComparison.Ordinal);
        Assert.Equal(TaskState.Failed, second.State);
        Assert.Contains(await h.JournalAsync(second.Id), e => e.Kind == JournalKinds.CommandFinished && e.Message.StartsWith("setup 1/1 failed (exit 4)", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(h.Repo.DataDir, "environments")));
    }
}
