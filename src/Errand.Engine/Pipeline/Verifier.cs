using Errand.Engine.Telemetry;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Sandboxing;
using Errand.Specs;
using Errand.Verification;
using Errand.Workspaces;

namespace Errand.Engine.Pipeline;

/// <summary>
/// Errand's own verification: the agent saying "done" is a claim. Every check runs in the sandbox and is journaled
/// with its exit code, duration and output tail; any change under a <c>protect</c> glob fails the round.
/// </summary>
internal static class Verifier
{
    private static readonly TimeSpan DefaultCheckTimeout = TimeSpan.FromMinutes(30);

    /// <summary>No checks and no protected paths: a round of verify can neither fail nor say anything.</summary>
    public static bool HasNothingToDo(TaskSpec spec) => spec.Verify.Checks.Count == 0 && spec.Protect.Count == 0;

    public static async Task<VerifyOutcome> RunAsync(
        TaskSpec spec, ISandbox sandbox, WorkspaceSnapshot snapshot, TaskJournal journal, CancellationToken cancellationToken)
    {
        var violations = ProtectMatcher.FindViolations(spec.Protect, snapshot.ChangedPaths);
        foreach (var path in violations)
        {
            await journal.WriteAsync(JournalKinds.ProtectViolation, $"protected path changed: {path}",
                ErrandJson.Serialize(new { path }), cancellationToken);
        }

        var results = new List<CheckResult>();
        foreach (var check in spec.Verify.Checks)
        {
            await journal.WriteAsync(JournalKinds.CommandStarted, $"check '{check.Name}': {check.Run}",
                ErrandJson.Serialize(new { check = check.Name, command = check.Run }), cancellationToken);
            CheckResult result;
            using (var span = Spans.StartCheck(check.Name))
            {
                var run = await sandbox.RunAsync(
                    new SandboxCommand(check.Run) { Timeout = check.Timeout ?? DefaultCheckTimeout },
                    line => new ValueTask(journal.OutputAsync(line.Stream, line.Text, cancellationToken)),
                    cancellationToken);
                result = new CheckResult(check.Name, check.Run, run.ExitCode, run.Duration, run.OutputTail) { TimedOut = run.TimedOut };
                Spans.CheckEnded(span, result.Passed);
            }

            results.Add(result);
            await journal.WriteAsync(
                JournalKinds.Check,
                $"check '{check.Name}' {(result.Passed ? "passed" : result.TimedOut ? "timed out" : $"failed (exit {result.ExitCode})")} in {result.Duration.TotalSeconds:0.###}s",
                ErrandJson.Serialize(result),
                cancellationToken);
        }

        return new VerifyOutcome(results, violations);
    }
}
