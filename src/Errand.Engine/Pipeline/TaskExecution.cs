using System.Diagnostics;
using System.Text.Json;
using Errand.Engine.Runtime;
using Errand.Engine.Secrets;
using Errand.Engine.Tasks;
using Errand.Engine.Telemetry;
using Errand.Engine.Workers;
using Errand.Journal;
using Errand.Results;
using Errand.Sandboxing;
using Errand.Specs;
using Errand.Storage;
using Errand.Tasks;
using Errand.Verification;
using Errand.Workspaces;
using Microsoft.Extensions.Logging;

namespace Errand.Engine.Pipeline;

/// <summary>
/// Runs one claimed task through prepare → agent → verify → deliver and ends it, or, when interrupted, does what
/// the interruption calls for: nothing (lease lost), hand back (shutdown), keep the work and end cancelled or
/// partial (cancel request, time budget).
/// </summary>
internal sealed partial class TaskExecution(EngineServices services, TaskTransitions transitions, WorkerOptions options, ILogger logger)
{
    private static readonly TimeSpan WrapUpTimeout = TimeSpan.FromSeconds(60);

    /// <param name="claim">The claimed task.</param>
    /// <param name="shutdownToken">Signalled when the worker shuts down and hands the task back.</param>
    /// <param name="onJournal">Given the attempt's journal, whose redactor the caller uses for anything that escapes.</param>
    public async Task RunAsync(TaskClaim claim, CancellationToken shutdownToken, Action<TaskJournal>? onJournal = null)
    {
        using var span = Spans.StartExecution(services.Installation, claim);
        var lease = claim.Lease;
        var stopReason = (int)StopReason.None;
        using var stop = new CancellationTokenSource();
        void Stop(StopReason reason)
        {
            if (Interlocked.CompareExchange(ref stopReason, (int)reason, (int)StopReason.None) == (int)StopReason.None)
            {
                stop.Cancel();
            }
        }

        using var onShutdown = shutdownToken.Register(() => Stop(StopReason.Shutdown));
        await using var journal = new TaskJournal(services.Store, lease, services.Time, () => Stop(StopReason.LeaseLost));
        onJournal?.Invoke(journal);
        var heldUntil = claim.Task.LeaseExpiresAt ?? services.Time.GetUtcNow() + options.LeaseDuration;
        await using var keeper = LeaseKeeper.Start(services.Store, lease, heldUntil, options, services.Time, logger, Stop);
        AttemptState? state = null;
        try
        {
            if (claim.Task.CancelRequested)
            {
                await transitions.CancelRunningAsync(claim, "cancelled before it started", null, CancellationToken.None);
                return;
            }

            var spec = TaskSpecJson.Of(claim.Task);
            state = new AttemptState(claim, spec, journal, services.Time.GetTimestamp());
            await AttemptHistory.LoadAsync(state, services, stop.Token);

            // The time budget covers every run of the task since its last restart, not just this one.
            using var budgetTimer = spec.Budget.Time is { } budget
                ? services.Time.CreateTimer(_ => Stop(StopReason.TimeBudget), null, budget > state.Usage.Time ? budget - state.Usage.Time : TimeSpan.Zero, Timeout.InfiniteTimeSpan)
                : null;
            using var warnTimer = spec.Budget.Time is { } limit && limit * AgentPhase.WarnAt > state.Usage.Time
                ? services.Time.CreateTimer(_ => _ = WarnOfTimeAsync(state, limit, stop.Token), null, limit * AgentPhase.WarnAt - state.Usage.Time, Timeout.InfiniteTimeSpan)
                : null;
            var (to, reason) = await RunPhasesAsync(state, stop.Token);
            await FinishAsync(state, to, reason);
        }
        catch (Exception ex) when ((ex is OperationCanceledException && stop.IsCancellationRequested) || ex is LeaseLostException)
        {
            var reason = ex is LeaseLostException ? StopReason.LeaseLost : (StopReason)Volatile.Read(ref stopReason);
            Spans.Stopped(span, reason.ToString());
            await OnStoppedAsync(claim, state, reason);
        }
        catch (Exception ex) when (ex is SandboxUnavailableException or WorkspaceException or JsonException or SecretStoreException)
        {
            var what = ex switch
            {
                SandboxUnavailableException => "sandbox unavailable",
                WorkspaceException => "workspace",
                SecretStoreException => "secrets",
                _ => "stored spec unreadable",
            };
            await FailQuietlyAsync(claim, state, $"{what}: {ex.Message}");
        }
        catch (Exception ex)
        {
            Log(state).LogError(ex, "Task {TaskId} failed with an internal error", claim.Task.Id);
            await FailQuietlyAsync(claim, state, $"internal error: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            await CleanUpAsync(state);
        }
    }

    private async Task<(TaskState To, string Reason)> RunPhasesAsync(AttemptState state, CancellationToken cancellationToken)
    {
        var spec = state.Spec;
        if (spec.FleetRun is { Role: Errand.Fleets.FleetRoles.FanIn } fanIn)
        {
            return await RunFanInAsync(state, fanIn, cancellationToken);
        }

        if (spec.FleetRun is { Role: Errand.Fleets.FleetRoles.Planner } planner)
        {
            return await RunPlannerAsync(state, planner, cancellationToken);
        }

        if (await HumanGate.SettleUnansweredAsync(state, services.Time, cancellationToken) is { } settled)
        {
            return settled;
        }

        // Hosts that need a human's yes are asked about before anything runs: the sandbox is made with the answer.
        if (HumanGate.PendingNetworkApproval(state, services.Time) is { } network)
        {
            state.Asking = network;
            return (TaskState.WaitingForHuman, "");
        }

        await PhaseAsync(state, "prepare", () => PrepareAsync(state, cancellationToken), cancellationToken);
        var agent = services.FindAgent(spec.Agent);
        if (agent is null)
        {
            var available = string.Join(", ", services.Agents.Select(a => a.Name));
            return (TaskState.Failed, $"agent '{spec.Agent}' is not available on this worker (available: {available})");
        }

        string? feedback = null;

        // An answered question resumes the round it was asked in.
        for (var round = state.Questions.LatestAnswer is null ? 1 : state.Questions.Round; ; round++)
        {
            state.Rounds = round;
            var agentRound = await PhaseAsync(state, "agent",
                () => AgentPhase.RunAsync(agent, state, services, transitions, round, feedback, options.RepeatedFailureLimit, cancellationToken), cancellationToken,
                s => Spans.DescribeAgent(s, agent.Name, round));
            var said = agentRound.Said;
            state.AgentSummary = said;
            await SnapshotAsync(state, $"errand: task {state.TaskId}, round {round}", cancellationToken);
            if (agentRound.End == AgentPhaseEnd.Asked)
            {
                state.Asking = HumanGate.FromAgent(state, agentRound.Asked!, services.Time, round);
                return (TaskState.WaitingForHuman, "");
            }

            if (agentRound.End == AgentPhaseEnd.BudgetUsedUp && HumanGate.BudgetApproval(state, services.Time, said) is { } extend)
            {
                // The work so far is on the branch before anyone is asked whether to go on.
                await DeliverAsync(state, cancellationToken);
                state.Asking = extend;
                return (TaskState.WaitingForHuman, "");
            }

            if (agentRound.End != AgentPhaseEnd.Finished)
            {
                // The work so far is kept on the branch whatever stopped the agent: a budget, a loop or a failure.
                var delivered = await DeliverAsync(state, cancellationToken);
                var kept = delivered ? $"; work so far is on {state.Workspace!.Branch}" : "";
                return agentRound.End switch
                {
                    AgentPhaseEnd.BudgetUsedUp => (TaskState.Partial, $"{said}{kept}; `errand extend {state.TaskId}` resumes it"),
                    AgentPhaseEnd.Loop => (TaskState.Failed, $"{said}{kept}"),
                    _ => (TaskState.Failed, $"agent failed: {said}"),
                };
            }

            // A phase that has nothing to do keeps its span but writes no journal events: the final state says "no
            // checks to run", and an undelivered task's timeline has no delivered event.
            var verify = await PhaseAsync(
                state, "verify", () => Verifier.RunAsync(spec, state.Sandbox!, state.Snapshot!, state.Journal, cancellationToken), cancellationToken,
                journaled: !Verifier.HasNothingToDo(spec));
            state.Checks = verify.Checks;
            state.ProtectViolations = verify.ProtectViolations;
            if (verify.Passed || round >= spec.Verify.Attempts)
            {
                await PhaseAsync(state, "deliver", () => DeliverAsync(state, cancellationToken), cancellationToken, journaled: HasWorkToDeliver(state));
                if (!verify.Passed)
                {
                    return (TaskState.Failed, verify.Reason());
                }

                var passed = verify.Checks.Count == 0 ? "agent finished; no checks to run" : $"all {verify.Checks.Count} checks passed";
                if (HumanGate.PushApproval(state, services.Time) is { } approval)
                {
                    // Verified and on the local branch; only the push waits. The answer resumes here (verify runs again).
                    state.Asking = approval;
                    return (TaskState.WaitingForHuman, "");
                }

                return (TaskState.Succeeded, passed + await PushAsync(state, cancellationToken));
            }

            // The agent has the values in its environment, but the feedback is journaled and may be sent on.
            feedback = state.Journal.Redactor.Redact(verify.Feedback());
            await state.Journal.WriteAsync(JournalKinds.Warning,
                $"verify round {round} failed ({verify.Reason()}); giving the output back to the agent", null, cancellationToken);
        }
    }

    private async Task WarnOfTimeAsync(AttemptState state, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            var key = "time-" + limit.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
            await AgentPhase.WarnAsync(state, transitions, [(key, $"{AgentPhase.WarnAt:P0} of the time budget of {limit} used")], cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or LeaseLostException)
        {
            // The attempt is ending anyway; its end says why.
        }
        catch (Exception ex)
        {
            Log(state).LogWarning(ex, "Task {TaskId}: could not send the time budget warning", state.TaskId);
        }
    }

    private async Task<bool> PrepareAsync(AttemptState state, CancellationToken cancellationToken)
    {
        var spec = state.Spec;
        var secrets = await TaskSecrets.InjectAsync(state, services.Secrets, cancellationToken);
        var branch = spec.Deliver.Branch ?? TaskBranch.For(state.TaskId, spec.Title);
        var provider = services.FindSandbox(spec.Sandbox.Backend)
            ?? throw new SandboxUnavailableException($"backend '{spec.Sandbox.Backend}' is not available on this worker");

        // Setup runs inside the workspace provider (once per environment key, under its lock), in a sandbox of
        // the task's own backend and policy.
        var setup = spec.Setup.Count == 0 ? null : new SandboxSetupRunner(
            provider, spec, secrets, await TaskSecrets.DigestAsync(secrets, services.Secrets, cancellationToken), state.Journal, d => RecordEgress(state.Journal, d));
        var workspace = await services.Workspaces.PrepareAsync(
            new WorkspaceRequest(state.TaskId, state.Claim.Task.Attempt, spec.Repo, spec.Base, branch)
            {
                Setup = setup,

                // A resumed task starts from the workspace its checkpoint saved, the conversation's own state; the
                // first run of a follow-up, from the work the task had delivered.
                // A merge fan-in starts from the chain of merges it made.
                StartCommit = state.StartFrom ?? AgentPhase.PendingFollowUp(spec, state.ResumeFrom)?.FromCommit ?? state.ResumeFrom?.WorkspaceCommit,
            },
            cancellationToken);
        state.Workspace = workspace;
        await WorkspaceEvents.WriteAsync(state.Journal, workspace, cancellationToken);
        if (workspace.SourceDirty)
        {
            await state.Journal.WriteAsync(JournalKinds.Warning,
                $"{workspace.Repo} has uncommitted changes; the task starts from the commit {workspace.BaseCommit![..12]}, without them",
                null, cancellationToken);
        }

        state.Sandbox = TracedSandbox.Wrap(await provider.CreateAsync(
            new SandboxRequest(workspace.Path, spec.Sandbox)
            {
                Environment = secrets,
                OnEgress = d => RecordEgress(state.Journal, d),
                HomeDirectory = workspace.HomePath,
                ReadOnlyPaths = workspace.ReadOnlyPaths,
            },
            cancellationToken));
        await state.Journal.WriteAsync(JournalKinds.Sandbox, $"sandbox: {state.Sandbox.Backend}", null, cancellationToken);
        foreach (var warning in state.Sandbox.Warnings)
        {
            await state.Journal.WriteAsync(JournalKinds.Warning, warning, null, cancellationToken);
        }

        return true;
    }

    private static void RecordEgress(TaskJournal journal, EgressDecision decision)
    {
        // Called from the proxy's connection handlers; the journal batches it with everything else.
        _ = journal.WriteAsync(JournalKinds.Network,
            $"{(decision.Allowed ? "allowed" : "refused")} {decision.Host}:{decision.Port}",
            Json.ErrandJson.Serialize(decision)).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
    }

    private async Task<T> PhaseAsync<T>(
        AttemptState state, string phase, Func<Task<T>> body, CancellationToken cancellationToken, Action<Activity?>? describe = null, bool journaled = true)
    {
        if (journaled)
        {
            await state.Journal.WriteAsync(JournalKinds.PhaseStarted, phase, null, cancellationToken);
        }

        var started = services.Time.GetTimestamp();
        T result;
        using (var span = Spans.StartPhase(phase))
        {
            describe?.Invoke(span);
            try
            {
                result = await body();
            }
            catch (Exception) when (Spans.Failed(span))
            {
                throw;
            }
        }

        if (journaled)
        {
            var elapsed = services.Time.GetElapsedTime(started);
            await state.Journal.WriteAsync(JournalKinds.PhaseFinished, $"{phase} took {elapsed.TotalMilliseconds:0}ms",
                Json.ErrandJson.Serialize(new { phase, duration_ms = elapsed.TotalMilliseconds }), cancellationToken);
        }

        return result;
    }

    private async Task FinishAsync(AttemptState state, TaskState to, string reason)
    {
        var events = new List<JournalEntry>(await state.Journal.DrainAsync(CancellationToken.None));
        if (to == TaskState.WaitingForHuman)
        {
            Spans.Ended(to, "");

            // Parked: the worker's slot, process and sandbox are freed; any node's answer (or the deadline) wakes it.
            if (!await transitions.AskAsync(state.Claim, state.Asking!, events, CancellationToken.None))
            {
                logger.LogWarning("Task {TaskId}: lease lost before its question could be recorded; the new owner asks again", state.TaskId);
            }

            return;
        }

        // SECRETS: the reason becomes the task's `reason` column and its state event; the report is shown as is.
        reason = state.Journal.Redactor.Redact(reason);
        Spans.Ended(to, reason);
        var result = TaskSecrets.Redact(BuildResult(state, reason), state.Journal.Redactor);
        var finished = to == TaskState.Succeeded && state.PlannedSlices.Count > 0
            ? transitions.FinishPlanningAsync(state.Claim, state.PlannedSlices, reason, result, events, CancellationToken.None)
            : transitions.FinishAsync(state.Claim, to, reason, result, events, CancellationToken.None);
        if (!await finished)
        {
            logger.LogWarning("Task {TaskId}: lease lost before the result could be recorded; the new owner finishes it", state.TaskId);
        }
    }

    private TaskResult BuildResult(AttemptState state, string summary) => new()
    {
        Summary = summary,
        Branch = state.Delivered ? state.Workspace?.Branch : state.FleetReport?.WinnerBranch,
        BaseCommit = state.Workspace?.BaseCommit,
        HeadCommit = state.Snapshot?.Commit,
        DiffStat = state.Snapshot?.DiffStat,
        Checks = state.Checks,
        VerifyRounds = state.Rounds,
        ProtectViolations = state.ProtectViolations,
        DoneWhen = DoneWhenMapper.Map(state.Spec.DoneWhen, state.Checks),
        AgentSummary = state.AgentSummary,
        Duration = services.Time.GetElapsedTime(state.StartedTimestamp),
        Workspace = state.Workspace?.Mode,
        Environment = state.Workspace?.Environment is { } env ? WorkspaceEvents.Describe(env)["environment: ".Length..] : null,
        Fleet = state.FleetReport,
    };

    // What the pipeline logs about a task passes the task's redactor: exception texts can quote its output.
    private ILogger Log(AttemptState? state) => state is null ? logger : RedactingLogger.For(logger, state.Journal.Redactor);
}
