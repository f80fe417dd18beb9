using Errand.Agents.Command;
using Errand.Engine.Runtime;
using Errand.Engine.Secrets;
using Errand.Engine.Tests.Support;
using Errand.Engine.Workers;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Specs;
using Errand.Sandboxing.None;
using Errand.Storage;
using Errand.Tasks;
using Errand.Tests.Shared;
using Errand.Workspaces;
using Microsoft.Extensions.Time.Testing;

namespace Errand.Engine.Tests.Workers;

public sealed class WorkerTests
{
    private const string Fix = "sed -i 's/Helo/Hello/' greet.sh";
    private const string Check = "sh tests/greet_test.sh";

    private static TaskResult ResultOf(TaskRecord task) => ErrandJson.Deserialize<TaskResult>(task.ResultJson!);

    private static async Task<List<string>> PhasesStartedAsync(EngineHarness h, long taskId) =>
        [.. (await h.JournalAsync(taskId)).Where(e => e.Kind == JournalKinds.PhaseStarted).Select(e => e.Message)];

    [Fact]
    public async Task CommandTask_FixesRepo_SucceedsWithBranchDiffAndChecks()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec(Fix, Check) with { DoneWhen = ["check1 passes"] });

        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Succeeded, done.State);
        var result = ResultOf(done);
        Assert.Equal($"errand/{task.Id}-fix-the-greeting", result.Branch);
        Assert.Equal(result.HeadCommit, h.Repo.Git("rev-parse", result.Branch!));
        Assert.Equal(1, result.DiffStat!.FilesChanged);
        Assert.Equal("greet.sh", result.DiffStat.Files[0].Path);
        Assert.True(Assert.Single(result.Checks).Passed);
        Assert.Equal("verified", Assert.Single(result.DoneWhen).Status);
        var kinds = (await h.JournalAsync(task.Id)).Select(e => e.Kind).ToList();
        Assert.Equal(JournalKinds.Submitted, kinds[0]);
        Assert.Contains(JournalKinds.Claimed, kinds);
        Assert.Contains(JournalKinds.Check, kinds);
        Assert.Contains(JournalKinds.Delivered, kinds);
        Assert.Equal(JournalKinds.State, kinds[^1]);
        Assert.Equal(["prepare", "agent", "verify", "deliver"], await PhasesStartedAsync(h, task.Id));
    }

    [Fact]
    public async Task CommandTask_NothingToCheckOrDeliver_JournalsOnlyThePhasesThatDidSomething()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("true"));

        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Succeeded, done.State);
        Assert.Equal("agent finished; no checks to run", done.Reason);
        Assert.Null(ResultOf(done).Branch);
        Assert.Equal(["prepare", "agent"], await PhasesStartedAsync(h, task.Id));
        Assert.Equal(2, (await h.JournalAsync(task.Id)).Count(e => e.Kind == JournalKinds.PhaseFinished));
    }

    [Fact]
    public async Task VerifyFails_EndsFailedWithCheckOutputAndKeepsTheWork()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("echo tried > notes.txt", Check + " || (echo 'greeting is wrong' >&2; exit 3)"));

        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, done.State);
        Assert.StartsWith("verify failed: 'check1' exited 3", done.Reason, StringComparison.Ordinal);
        var check = Assert.Single(ResultOf(done).Checks);
        Assert.Contains("greeting is wrong", check.OutputTail, StringComparison.Ordinal);
        Assert.Equal("tried", h.Repo.Git("show", $"{ResultOf(done).Branch}:notes.txt"));
    }

    [Fact]
    public async Task VerifyAttempts_FailedChecksGoBackToTheAgent_SecondRoundPasses()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        var spec = EngineHarness.CommandSpec("""if [ "$ERRAND_ROUND" = 2 ] && [ -n "$ERRAND_VERIFY_FEEDBACK" ]; then sed -i 's/Helo/Hello/' greet.sh; fi""", Check);
        var task = await h.SubmitAsync(spec with { Verify = spec.Verify with { Attempts = 3 } });

        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Succeeded, done.State);
        Assert.Equal(2, ResultOf(done).VerifyRounds);
    }

    [Fact]
    public async Task ProtectedPathChanged_FailsEvenThoughChecksPass()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        var spec = EngineHarness.CommandSpec("echo 'true' > tests/greet_test.sh", Check) with { Protect = ["tests/**"] };
        var task = await h.SubmitAsync(spec);

        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, done.State);
        Assert.Equal(["tests/greet_test.sh"], ResultOf(done).ProtectViolations);
        Assert.True(ResultOf(done).Checks[0].Passed);
        Assert.Contains("protected paths changed", done.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAgent_FailsWithAReasonNamingIt()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec(Fix) with { Agent = AgentNames.Codex });

        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, done.State);
        Assert.Contains("agent 'codex' is not available", done.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxBackendUnavailable_FailsClosedWithoutRunningAnything()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Bubblewrap = new Errand.Sandboxing.Bubblewrap.BubblewrapOptions { Executable = "/nonexistent/bwrap" };
        h.StartWorker();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("touch ran.txt") with { Sandbox = new SandboxSpec() });

        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, done.State);
        Assert.Contains("sandbox unavailable: bubblewrap is not installed", done.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(await h.JournalAsync(task.Id), e => e.Kind == JournalKinds.PhaseStarted && e.Message == "agent");
    }

    [Fact]
    public async Task DefaultSandbox_Bubblewrap_RunsTheTaskBoxedAndVerifiesIt()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec(Fix + "; id -u > uid.txt", Check, "git status --porcelain") with { Sandbox = new SandboxSpec() });

        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Succeeded, done.State);
        Assert.Equal("1000", h.Repo.Git("show", $"{ResultOf(done).Branch}:uid.txt"));
        Assert.Contains(await h.JournalAsync(task.Id), e => e.Kind == JournalKinds.Sandbox && e.Message == "sandbox: bubblewrap");
    }

    [Fact]
    public async Task NetworkAllowList_EveryAllowAndRefusalIsAJournalEvent()
    {
        await using var h = await EngineHarness.CreateAsync();
        using var server = new LoopbackHttpServer("ok");
        h.Bubblewrap = new Errand.Sandboxing.Bubblewrap.BubblewrapOptions
        {
            Resolve = (_, _) => Task.FromResult(new[] { System.Net.IPAddress.Loopback }),
        };
        h.StartWorker();
        var spec = EngineHarness.CommandSpec(
            $"curl -sS http://feed.errand.test:{server.Port}/ > got.txt; curl -sS http://elsewhere.errand.test:{server.Port}/ || true",
            "grep -q ok got.txt") with
        {
            Sandbox = new SandboxSpec { Network = new NetworkPolicy { Mode = NetworkMode.Allow, AllowHosts = ["feed.errand.test"] }, NetworkExplicit = true },
        };

        var done = await h.WaitForEndAsync((await h.SubmitAsync(spec)).Id);

        Assert.Equal(TaskState.Succeeded, done.State);
        var network = (await h.JournalAsync(done.Id)).Where(e => e.Kind == JournalKinds.Network).Select(e => e.Message).ToList();
        Assert.Contains($"allowed feed.errand.test:{server.Port}", network);
        Assert.Contains($"refused elsewhere.errand.test:{server.Port}", network);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task NoneSandboxNotChosenExplicitly_FailsClosed()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("touch ran.txt") with { Sandbox = new SandboxSpec { Backend = SandboxBackends.None } });

        var done = await h.WaitForEndAsync(task.Id);

        Assert.Equal(TaskState.Failed, done.State);
        Assert.Contains("explicitly", done.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelRunningTask_EndsCancelledAndKeepsWorkSoFarOnTheBranch()
    {
        await using var h = await EngineHarness.CreateAsync();
        // The cancel is seen at the next heartbeat (a third of the lease). A lease that lapses first ends the task without
        // its report: 1 s did at load average 40, 3 s at load 75; 10 s leaves the heartbeat 3 s of slack.
        h.StartWorker(new WorkerOptions { LeaseDuration = TimeSpan.FromSeconds(10), PollInterval = TimeSpan.FromMilliseconds(50) });
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("echo partial > progress.txt; echo started; sleep 30"));
        await h.WaitForAsync(task.Id, t => t.State == TaskState.Running);
        await WaitForOutputAsync(h, task.Id, "started");

        Assert.Equal(Engine.Tasks.CancelOutcome.Requested, await h.Transitions.CancelAsync(task.Id, "changed my mind", CancellationToken.None));
        var done = await h.WaitForEndAsync(task.Id, TimeSpan.FromSeconds(40));

        Assert.Equal(TaskState.Cancelled, done.State);
        Assert.Equal("partial", h.Repo.Git("show", $"{ResultOf(done).Branch}:progress.txt"));
    }

    [Fact]
    public async Task TimeBudgetUsedUp_EndsPartialWithWorkSoFar()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker();
        var spec = EngineHarness.CommandSpec("echo half > half.txt; sleep 60") with { Budget = new BudgetSpec { Time = TimeSpan.FromSeconds(5) } }; // room for a first checkout on a loaded machine
        var task = await h.SubmitAsync(spec);

        var done = await h.WaitForEndAsync(task.Id, TimeSpan.FromSeconds(40));

        Assert.Equal(TaskState.Partial, done.State);
        Assert.Contains("time budget", done.Reason, StringComparison.Ordinal);
        Assert.Equal("half", h.Repo.Git("show", $"{ResultOf(done).Branch}:half.txt"));
    }

    [Fact]
    public async Task GracefulStop_PastTheTimeout_HandsTheTaskBackToTheQueue()
    {
        await using var h = await EngineHarness.CreateAsync();
        var worker = h.StartWorker(new WorkerOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(50) });
        var task = await h.SubmitAsync(EngineHarness.CommandSpec("echo started; sleep 30"));
        await WaitForOutputAsync(h, task.Id, "started");

        await worker.StopAsync();

        var after = (await h.Store.GetAsync(task.Id, CancellationToken.None))!;
        Assert.Equal(TaskState.Queued, after.State);
        Assert.Contains(await h.JournalAsync(task.Id), e => e.Kind == JournalKinds.Released);
        Assert.Equal(0, worker.RunningCount);
    }

    [Fact]
    public async Task ManyTasks_ConcurrencyCapIsNeverExceeded_AndEachRunsOnce()
    {
        await using var h = await EngineHarness.CreateAsync();
        var probe = new ConcurrencyProbeAgent(TimeSpan.FromMilliseconds(30), gather: 3);
        h.ExtraAgents.Add(probe);
        h.StartWorker(new WorkerOptions { Concurrency = 3, PollInterval = TimeSpan.FromMilliseconds(50) });
        var spec = new TaskSpec { Title = "probe", Agent = "probe", Sandbox = new SandboxSpec { Backend = SandboxBackends.None, BackendExplicit = true } };
        var ids = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add((await h.SubmitAsync(spec)).Id);
        }

        foreach (var id in ids)
        {
            Assert.Equal(TaskState.Succeeded, (await h.WaitForEndAsync(id)).State);
        }

        Assert.Equal(30, probe.Runs);
        Assert.Equal(3, probe.MaxConcurrent);
    }

    [Fact]
    public async Task InProcessEnqueue_WakesTheWorkerWithoutWaitingForThePoll()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.StartWorker(new WorkerOptions { PollInterval = TimeSpan.FromMinutes(5) });
        await Task.Delay(100); // let the worker find the queue empty and go to sleep on its long poll

        var task = await h.SubmitAsync(EngineHarness.CommandSpec("true"));

        Assert.Equal(TaskState.Succeeded, (await h.WaitForEndAsync(task.Id, TimeSpan.FromSeconds(30))).State);
    }

    [Fact]
    public async Task AbandonedLease_OnAFakeClock_IsReclaimedAndFinishedByAnotherWorker()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await EngineHarness.CreateAsync(clock);
        var task = await h.SubmitAsync(EngineHarness.CommandSpec(Fix, Check));
        var ghost = Assert.Single(await h.Store.ClaimAsync(new ClaimRequest("ghost", 1, TimeSpan.FromSeconds(15)), CancellationToken.None));

        h.StartWorker(new WorkerOptions { LeaseDuration = TimeSpan.FromSeconds(15), ReaperInterval = TimeSpan.FromSeconds(1) });
        clock.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal("ghost", (await h.Store.GetAsync(task.Id, CancellationToken.None))!.LeaseOwner);
        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }

        var done = await h.WaitForAsync(task.Id, t => t.State.IsTerminal() || t.State == TaskState.Running && t.LeaseOwner != "ghost");
        if (!done.State.IsTerminal())
        {
            done = await AdvanceUntilEndAsync(h, clock, task.Id);
        }

        Assert.Equal(TaskState.Succeeded, done.State);
        Assert.Equal(2, done.Attempt);
        Assert.False(await h.Store.AppendAsync(task.Id, ghost.Lease, [new JournalEntry(JournalKinds.Output, "stale")], CancellationToken.None));
        Assert.DoesNotContain(await h.JournalAsync(task.Id), e => e.Message == "stale");
    }

    [Fact]
    public async Task ExecutionCrashed_ExceptionQuotingASecret_IsLoggedRedacted()
    {
        await using var h = await EngineHarness.CreateAsync();
        const string Value = "crash-token-9f8e7d6c5b4a3210";
        var secrets = new SecretStore(h.Repo.DataDir, new SecretStoreOptions { KeyFile = Path.Combine(h.Repo.Root, "keys", "secret.key") });
        await secrets.SetAsync("CRASH_TOKEN", Value);
        var logs = new CapturingLoggerFactory();
        var services = new EngineServices(
            h.Store,
            new GitWorkspaceProvider(new GitWorkspaceOptions { Root = h.Repo.DataDir }),
            [new FailingCleanupSandboxProvider(new NoneSandboxProvider(h.Time), $"cannot remove the sandbox: held by curl -H 'Authorization: {Value}'")],
            [new CommandAgentRuntime()])
        {
            Time = h.Time,
            Secrets = secrets,
            Logging = logs,
        };
        await using var worker = new Worker(services, new WorkerOptions { Concurrency = 1, PollInterval = TimeSpan.FromMilliseconds(100) });
        worker.Start();

        await h.SubmitAsync(EngineHarness.CommandSpec("echo hi") with { Secrets = ["CRASH_TOKEN"] });

        var crash = await logs.WaitForAsync(l => l.Contains("execution crashed", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.Contains("cannot remove the sandbox", crash, StringComparison.Ordinal);
        Assert.Empty(SecretTrace.FindIn(string.Join('\n', logs.Lines), Value, "the log"));
    }

    private static async Task<TaskRecord> AdvanceUntilEndAsync(EngineHarness h, FakeTimeProvider clock, long id)
    {
        for (var i = 0; i < 600; i++)
        {
            var task = (await h.Store.GetAsync(id, CancellationToken.None))!;
            if (task.State.IsTerminal())
            {
                return task;
            }

            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(20);
        }

        throw new TimeoutException($"task {id} did not end");
    }

    private static async Task WaitForOutputAsync(EngineHarness h, long id, string text)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await h.JournalAsync(id)).Any(e => e.Kind == JournalKinds.Output && e.Message == text))
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
