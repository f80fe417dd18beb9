using System.Globalization;
using Errand.Engine.Telemetry;
using Errand.Journal;
using Errand.Json;
using Errand.Sandboxing;
using Errand.Specs;
using Errand.Workspaces;

namespace Errand.Engine.Pipeline;

/// <summary>
/// Runs a spec's setup commands for the workspace provider in a sandbox of the task's own backend and policy (the
/// same network allow-list, limits and injected environment), journaling each command and its output.
/// </summary>
internal sealed class SandboxSetupRunner(
    ISandboxProvider provider, TaskSpec spec, IReadOnlyDictionary<string, string> environment, string secretsDigest, TaskJournal journal,
    Action<EgressDecision> onEgress)
    : ISetupRunner
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public IReadOnlyList<string> Commands => spec.Setup;

    public string SecretsDigest => secretsDigest;

    public async Task<SetupResult> RunAsync(SetupTarget target, CancellationToken cancellationToken)
    {
        // Runs only when the environment is built (not when a warm one is reused), inside the prepare phase's span.
        using var span = Spans.StartPhase("setup");
        var request = new SandboxRequest(target.WorkspacePath, spec.Sandbox)
        {
            Environment = environment,
            OnEgress = onEgress,
            HomeDirectory = target.HomePath,
            ReadOnlyPaths = target.ReadOnlyPaths,
        };
        await using var sandbox = TracedSandbox.Wrap(await provider.CreateAsync(request, cancellationToken));
        var results = new List<SetupCommandResult>();
        for (var i = 0; i < Commands.Count; i++)
        {
            var command = Commands[i];
            var step = string.Create(CultureInfo.InvariantCulture, $"setup {i + 1}/{Commands.Count}");
            await journal.WriteAsync(JournalKinds.CommandStarted, $"{step}: {command}",
                ErrandJson.Serialize(new { setup = i + 1, command }), cancellationToken);
            var run = await sandbox.RunAsync(
                new SandboxCommand(command) { Timeout = DefaultTimeout },
                line => new ValueTask(journal.OutputAsync(line.Stream, line.Text, cancellationToken)),
                cancellationToken);
            var result = new SetupCommandResult(command, run.ExitCode, run.Duration, run.OutputTail);
            results.Add(result);
            await journal.WriteAsync(JournalKinds.CommandFinished,
                string.Create(CultureInfo.InvariantCulture, $"{step} {(result.Succeeded ? "passed" : run.TimedOut ? "timed out" : $"failed (exit {run.ExitCode})")} in {run.Duration.TotalSeconds:0.###}s"),
                ErrandJson.Serialize(new { setup = i + 1, command, exit_code = run.ExitCode, duration_ms = run.Duration.TotalMilliseconds }),
                cancellationToken);
            if (!result.Succeeded)
            {
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "setup failed");
                break;
            }
        }

        return new SetupResult(results);
    }
}
