using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
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

        // Output is streamed as it comes, not collected: a long command shows progress in `errand logs -f`.
        var lines = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = true });
        var running = RunCommandAsync(run, env, lines.Writer, cancellationToken);
        await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken))
        {
            yield return line;
        }

        var result = await running;
        yield return result.ExitCode == 0
            ? new AgentFinished($"command exited 0 in {result.Duration.TotalSeconds:0.###}s")
            : new AgentFailed(result.TimedOut
                ? $"command timed out after {result.Duration.TotalSeconds:0.#}s"
                : $"command exited {result.ExitCode}");
    }

    private static async Task<SandboxResult> RunCommandAsync(
        AgentRun run, Dictionary<string, string> env, ChannelWriter<AgentEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            return await run.Sandbox.RunAsync(
                new SandboxCommand(run.Spec.Command!) { Environment = env },
                line => writer.WriteAsync(new AgentOutput(line.Stream, line.Text), cancellationToken),
                cancellationToken);
        }
        finally
        {
            writer.TryComplete();
        }
    }
}
