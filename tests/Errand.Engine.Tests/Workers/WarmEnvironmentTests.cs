using Errand.Engine.Secrets;
using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;
using Errand.Tests.Shared;

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
    public async Task SetupWritingASecret_SharedOnlyWithTheSameSecretsAndValues()
    {
        // As `npm config set` does: the token lands in the home layer that later tasks mount.
        const string WritesToken = Restore + " && echo \"//registry.example/:_authToken=${NPM_TOKEN:-none}\" > \"$HOME/.npmrc\"";
        const string First = "npm-token-first-0a1b2c3d4e5f", Second = "npm-token-second-6a7b8c9d0e1f";
        await using var h = await EngineHarness.CreateAsync();
        var secrets = new SecretStore(h.Repo.DataDir, new SecretStoreOptions { KeyFile = Path.Combine(h.Repo.Root, "keys", "secret.key") });
        await secrets.SetAsync("NPM_TOKEN", First);
        h.Secrets = secrets;
        h.StartWorker();
        var spec = Spec(WritesToken) with { Command = "cat \"$HOME/.npmrc\"; " + Agent };

        var withFirst = await h.WaitForEndAsync((await h.SubmitAsync(spec with { Secrets = ["NPM_TOKEN"] })).Id);
        var without = await h.WaitForEndAsync((await h.SubmitAsync(spec)).Id);
        await secrets.SetAsync("NPM_TOKEN", Second);
        var withSecond = await h.WaitForEndAsync((await h.SubmitAsync(spec with { Secrets = ["NPM_TOKEN"] })).Id);
        var withSecondAgain = await h.WaitForEndAsync((await h.SubmitAsync(spec with { Secrets = ["NPM_TOKEN"] })).Id);

        var environments = new List<string>();
        foreach (var task in new[] { withFirst, without, withSecond, withSecondAgain })
        {
            Assert.Equal(TaskState.Succeeded, task.State);
            environments.Add((await h.JournalAsync(task.Id)).Single(e => e.Kind == JournalKinds.Environment).Message.Split(' ')[1]);
        }

        Assert.Equal(["cold", "cold", "cold", "warm"], environments);
        // The task without the secret ran unredacted: had it been handed the first task's layer, the token would be here.
        var output = string.Join('\n', (await h.JournalAsync(without.Id)).Select(e => $"{e.Message} {e.DataJson}"));
        Assert.Contains("_authToken=none", output, StringComparison.Ordinal);
        Assert.Empty(SecretTrace.FindIn(output, First, "the journal of the task without the secret"));
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
