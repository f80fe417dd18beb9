using System.Security.Cryptography;
using System.Text;
using Errand.Engine.Tests.Support;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Specs;
using Errand.Tasks;
using Errand.Tests.Shared;

namespace Errand.Engine.Tests.Pipeline;

/// <summary>Secrets named by a spec: injected into the sandbox, redacted from everything the task writes, fail closed.</summary>
public sealed class TaskSecretsTests
{
    private const string Name = "PLANTED_TOKEN";

    // '/', '+' and '=' make the URL-encoded and base64 forms differ from the value and from each other.
    private const string Value = "pl4nted-S3cret/v4lue+more=42";
    private const string Placeholder = "[redacted:PLANTED_TOKEN]";

    // Prints the value every way a program might, from the agent and from a failing check, and ends with it on
    // the last line (which the agent's summary quotes). The agent writes only the value's hash and the verify
    // feedback it was given to the workspace: the value itself in a file would be the agent's own commit, not a
    // leak by Errand.
    private const string PrintEverywhere = """
        printf '%s' "$PLANTED_TOKEN" | sha256sum | cut -d' ' -f1 > seen.sha256
        [ -z "$ERRAND_VERIFY_FEEDBACK" ] || printf '%s\n' "$ERRAND_VERIFY_FEEDBACK" > feedback.txt
        echo "raw: $PLANTED_TOKEN"
        echo "on stderr: $PLANTED_TOKEN" >&2
        echo "base64: $(printf '%s' "$PLANTED_TOKEN" | base64 -w0)"
        echo "url: $(printf '%s' "$PLANTED_TOKEN" | sed -e 's|/|%2F|g' -e 's|+|%2B|g' -e 's|=|%3D|g')"
        echo "every byte: $(printf '%s' "$PLANTED_TOKEN" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')"
        echo "summary: $PLANTED_TOKEN"
        """;

    private const string FailingCheck = """echo "check saw $PLANTED_TOKEN as $(printf '%s' "$PLANTED_TOKEN" | base64 -w0)"; exit 1""";

    [Theory]
    [InlineData(SandboxBackends.None)]
    [InlineData(SandboxBackends.Bubblewrap)]
    public async Task PlantedSecret_PrintedEveryWay_AgentSeesItAndNothingWrittenHoldsIt(string backend)
    {
        await using var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new LastLineSummaryAgent());
        h.Secrets = await h.SecretsWithAsync((Name, Value));
        h.StartWorker();
        var spec = EngineHarness.CommandSpec(PrintEverywhere, FailingCheck) with
        {
            Agent = "last-line",
            Secrets = [Name],
            Verify = new VerifySpec { Checks = [new CheckSpec("check1", FailingCheck)], Attempts = 2 },
            Sandbox = backend == SandboxBackends.None ? new SandboxSpec { Backend = backend, BackendExplicit = true } : new SandboxSpec(),
        };

        var task = await h.SubmitAsync(spec);
        var done = await h.WaitForEndAsync(task.Id);

        Assert.True(done.State == TaskState.Failed, done.Reason);
        Assert.Equal("verify failed: 'check1' exited 1", done.Reason);
        var events = await h.JournalAsync(task.Id);
        Assert.Equal("secrets injected: PLANTED_TOKEN", Assert.Single(events, e => e.Kind == JournalKinds.Secrets).Message);
        var written = string.Join('\n', events.Select(e => $"{e.Kind} {e.Message} {e.DataJson}")) + $"\n{done.Reason}\n{done.ResultJson}";
        Assert.Empty(SecretTrace.FindIn(written, Value, "the journal, reason or result"));
        await h.StopWorkersAsync();
        Assert.Empty(SecretTrace.FindInDirectory(h.Repo.DataDir, Value));

        // Redacted, not dropped: every line that held it is there, with the placeholder in its place.
        var output = events.Where(e => e.Kind == JournalKinds.Output).Select(e => e.Message).ToList();
        foreach (var line in new[] { "raw: ", "on stderr: ", "base64: ", "url: ", "every byte: ", "summary: " })
        {
            Assert.Contains(line + Placeholder, output);
        }

        var result = ErrandJson.Deserialize<TaskResult>(done.ResultJson!);
        Assert.Equal($"done; the last thing it said was: summary: {Placeholder}", result.AgentSummary);
        Assert.Equal($"check saw {Placeholder} as {Placeholder}", Assert.Single(result.Checks).OutputTail);

        // The agent really had the value, and the verify feedback it got back was redacted too.
        Assert.Equal(Sha256(Value), h.Repo.Git("show", $"{result.Branch}:seen.sha256"));
        var feedback = h.Repo.Git("show", $"{result.Branch}:feedback.txt");
        Assert.Contains($"check saw {Placeholder}", feedback, StringComparison.Ordinal);
        Assert.Empty(SecretTrace.FindIn(feedback, Value, "the verify feedback"));
        Assert.Null(Environment.GetEnvironmentVariable(Name));
    }

    [Fact]
    public async Task AgentFails_ReasonQuotesTheSecret_ReasonIsRedacted()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.ExtraAgents.Add(new LastLineSummaryAgent());
        h.Secrets = await h.SecretsWithAsync((Name, Value));
        h.StartWorker();

        var task = await h.SubmitAsync(EngineHarness.CommandSpec("""echo "token=$PLANTED_TOKEN"; exit 4""") with { Agent = "last-line", Secrets = [Name] });
        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, done.State);
        Assert.Equal($"agent failed: command exited 4; the last thing it said was: token={Placeholder}", done.Reason);
        var events = await h.JournalAsync(task.Id);
        Assert.Empty(SecretTrace.FindIn(string.Join('\n', events.Select(e => $"{e.Message} {e.DataJson}")), Value, "the journal"));
    }

    [Fact]
    public async Task MissingSecret_FailsBeforeTheAgentRuns_ReasonNamesIt()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Secrets = await h.SecretsWithAsync(("OTHER_TOKEN", "some-other-value"));
        h.StartWorker();

        var task = await h.SubmitAsync(EngineHarness.CommandSpec("touch ran.txt; echo ran") with { Secrets = ["OTHER_TOKEN", "NOT_SET_TOKEN"] });
        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, done.State);
        Assert.StartsWith("secrets: Secret NOT_SET_TOKEN is not set", done.Reason, StringComparison.Ordinal);
        await AssertAgentNeverRanAsync(h, task.Id);
    }

    [Fact]
    public async Task KeyFileGone_FailsClosed_ReasonNamesTheSecrets()
    {
        await using var h = await EngineHarness.CreateAsync();
        var store = await h.SecretsWithAsync((Name, Value));
        File.Delete(store.KeyFile);
        h.Secrets = store;
        h.StartWorker();

        var task = await h.SubmitAsync(EngineHarness.CommandSpec("touch ran.txt") with { Secrets = [Name] });
        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, done.State);
        Assert.StartsWith($"secrets: cannot read {Name}: The secret key {store.KeyFile} does not exist", done.Reason, StringComparison.Ordinal);
        await AssertAgentNeverRanAsync(h, task.Id);
    }

    [Theory]
    [InlineData("HOME")]
    [InlineData("HTTPS_PROXY")]
    [InlineData("LD_PRELOAD")]
    public async Task ReservedSecretName_StoredPastLint_FailsClosedBeforeTheAgentRuns(string reserved)
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Secrets = await h.SecretsWithAsync((Name, Value));
        h.StartWorker();

        var task = await h.SubmitAsync(EngineHarness.CommandSpec("touch ran.txt") with { Secrets = [Name, reserved] });
        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, done.State);
        Assert.StartsWith("secrets: the task names a secret that cannot be injected: ", done.Reason, StringComparison.Ordinal);
        Assert.Contains(reserved, done.Reason, StringComparison.Ordinal);
        await AssertAgentNeverRanAsync(h, task.Id);
    }

    [Fact]
    public async Task WorkerWithoutSecretStore_TaskNamingASecret_FailsClosed()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();

        var task = await h.SubmitAsync(EngineHarness.CommandSpec("touch ran.txt") with { Secrets = [Name] });
        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, done.State);
        Assert.Equal($"secrets: the task needs {Name}, but this worker has no secret store", done.Reason);
        await AssertAgentNeverRanAsync(h, task.Id);
    }

    [Fact]
    public async Task ShortSecret_IsInjectedAndWarnedAboutButNotRedacted()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Secrets = await h.SecretsWithAsync(("PIN", "123"));
        h.StartWorker();

        var task = await h.SubmitAsync(EngineHarness.CommandSpec("""echo "pin is $PIN" """) with { Secrets = ["PIN"] });
        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Succeeded, done.State);
        var events = await h.JournalAsync(task.Id);
        Assert.Contains(events, e => e.Kind == JournalKinds.Warning && e.Message.StartsWith("secret PIN is shorter than 4 characters", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == JournalKinds.Output && e.Message == "pin is 123");
    }

    private static async Task AssertAgentNeverRanAsync(EngineHarness h, long taskId)
    {
        var events = await h.JournalAsync(taskId);
        Assert.DoesNotContain(events, e => e.Kind == JournalKinds.PhaseStarted && e.Message == "agent");
        Assert.DoesNotContain(events, e => e.Kind is JournalKinds.Output or JournalKinds.Sandbox or JournalKinds.Secrets);
    }

    private static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
