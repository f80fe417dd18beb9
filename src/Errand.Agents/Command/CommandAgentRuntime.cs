using System.Globalization;
using System.Runtime.CompilerServices;
using Errand.Sandboxing;
using Errand.Specs;

namespace Errand.Agents.Command;

/// <summary>
/// The <c>command</c> agent: runs the spec's shell line in the sandbox, in the workspace. No model; for routines
/// and scripted changes. A verify round after the first runs the line again with the failed checks' output in
/// <c>ERRAND_VERIFY_FEEDBACK</c>.
/// </summary>
public sealed class CommandAgentRuntime : IAgentRuntime
{
    /// <inheritdoc/>
    public string Name => AgentNames.Command;

    /// <inheritdoc/>
    public async IAsyncEnumerable<AgentEvent> RunAsync(AgentRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(run.Spec.Command))
        {
            yield return new AgentFailed("agent 'command' needs a 'command:' line in the spec");
            yield break;
        }

        var env = new Dictionary<string, string>
        {
            ["ERRAND_TASK_ID"] = run.TaskId.ToString(CultureInfo.InvariantCulture),
            ["ERRAND_ATTEMPT"] = run.Attempt.ToString(CultureInfo.InvariantCulture),
            ["ERRAND_ROUND"] = run.Round.ToString(CultureInfo.InvariantCulture),
        };
        if (run.VerifyFeedback is not null)
        {
            env["ERRAND_VERIFY_FEEDBACK"] = run.VerifyFeedback;
        }

        var command = new SandboxStream();
        await foreach (var line in command.RunAsync(run.Sandbox, new SandboxCommand(run.Spec.Command!) { Environment = env }, cancellationToken))
        {
            yield return new AgentOutput(line.Stream, line.Text);
        }

        var result = command.Result!;
        yield return result.ExitCode == 0
            ? new AgentFinished($"command exited 0 in {result.Duration.TotalSeconds:0.###}s")
            : new AgentFailed(result.TimedOut
                ? $"command timed out after {result.Duration.TotalSeconds:0.#}s"
                : $"command exited {result.ExitCode}");
    }
}
