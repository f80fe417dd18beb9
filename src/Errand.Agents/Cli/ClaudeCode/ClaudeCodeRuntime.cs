using System.Runtime.CompilerServices;
using Errand.Agents.Models;
using Errand.Specs;

namespace Errand.Agents.Cli.ClaudeCode;

/// <summary>
/// <c>agent: claude-code</c>: the Claude Code CLI (<c>claude -p … --output-format stream-json</c>) in the task's
/// sandbox, its non-essential traffic off, its model reached through Errand's relay. Its session id is checkpointed
/// and its session files kept per task, so a verify round or a resumed run continues the same conversation.
/// </summary>
public sealed class ClaudeCodeRuntime(CliAgentOptions options) : IAgentRuntime
{
    /// <summary>The key the CLI holds inside the sandbox; the relay swaps in the real one.</summary>
    internal const string PlaceholderKey = "errand-relay-holds-the-key";

    private static readonly Uri DefaultBaseUrl = new("https://api.anthropic.com");

    /// <inheritdoc/>
    public string Name => AgentNames.ClaudeCode;

    /// <inheritdoc/>
    public IAsyncEnumerable<AgentEvent> RunAsync(AgentRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return CliTelemetry.TraceAsync(RunCoreAsync(run, cancellationToken), "anthropic", ModelOf(run.Spec.Model, out var model) is null ? model : null, options.Time, cancellationToken);
    }

    private async IAsyncEnumerable<AgentEvent> RunCoreAsync(AgentRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var executable = CliExecutable.Find("claude", options.ClaudeExecutable, options.ToolsDirectory);
        if (executable is null)
        {
            yield return new AgentFailed("the claude CLI is not installed on this worker (run scripts/install-test-deps.sh, or set ERRAND_CLAUDE)");
            yield break;
        }

        if (ModelOf(run.Spec.Model, out var model) is { } wrongModel)
        {
            yield return new AgentFailed(wrongModel);
            yield break;
        }

        var config = CliStateDirectory.For(options.StateDirectory, Name, run.TaskId);
        var kept = ClaudeState.Read(run.ResumeFrom?.StateJson);
        var session = kept?.SessionId;
        // A session resumes where its files are: in this worker's folder, or carried in the checkpoint from another.
        var resume = session is not null && CliSessions.Restore(config, kept!.SessionFiles,
            () => Directory.EnumerateFiles(config, session + ".jsonl", SearchOption.AllDirectories).Any());
        List<string> args = ["-p", resume ? CliPrompt.Continue(run) : CliPrompt.Fresh(run),
            "--output-format", "stream-json", "--verbose", "--dangerously-skip-permissions"];
        if (resume)
        {
            args.AddRange(["--resume", session!]);
        }

        if (model is not null)
        {
            args.AddRange(["--model", model]);
        }

        var target = new RelayTarget(options.Models.AnthropicBaseUrl ?? DefaultBaseUrl, "", options.Models.AnthropicApiKey, "x-api-key");
        await using var cli = await CliRun.StartAsync(run, target, cancellationToken);
        var env = new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = cli.ModelUrl!.AbsoluteUri.TrimEnd('/'),
            ["ANTHROPIC_API_KEY"] = PlaceholderKey,
            ["CLAUDE_CONFIG_DIR"] = config,
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
            ["DISABLE_TELEMETRY"] = "1",
            ["DISABLE_ERROR_REPORTING"] = "1",
            ["CLAUDE_CODE_MAX_RETRIES"] = "0",
            // The sandbox is the protection the skip-permissions flag gives up; the CLI wants to be told so.
            ["IS_SANDBOX"] = "1",
            ["NO_PROXY"] = "127.0.0.1,localhost",
            ["no_proxy"] = "127.0.0.1,localhost",
        };

        var parser = new ClaudeStreamParser(run.ResumeFrom?.Step ?? 0);
        IEnumerable<AgentEvent> Saved(AgentEvent e) => e is AgentCheckpoint checkpoint
            ? CliSessions.Checkpoint(checkpoint, config, parser.SessionId, files => ClaudeState.Serialize(new ClaudeState(parser.SessionId, files)))
            : [e];

        var held = new List<AgentEvent>();
        await foreach (var line in cli.StreamAsync(run, executable, args, env, [config], options.RunTimeout, cancellationToken))
        {
            if (line.Stream == "stderr")
            {
                yield return new AgentOutput("stderr", line.Text);
                continue;
            }

            foreach (var e in parser.Parse(line.Text))
            {
                // The last checkpoint and the end wait for the CLI to exit: only then are its session files complete.
                if (held.Count > 0 || e is AgentCheckpoint { Final: true })
                {
                    held.Add(e);
                    continue;
                }

                foreach (var saved in Saved(e))
                {
                    yield return saved;
                }

                if (e is AgentFinished or AgentFailed)
                {
                    yield break;
                }
            }
        }

        foreach (var e in held.Count > 0 ? held : parser.Exited(cli.Result?.ExitCode ?? -1, cli.Result?.OutputTail ?? ""))
        {
            foreach (var saved in Saved(e))
            {
                yield return saved;
            }
        }
    }

    // The spec's model as the CLI names it; null (the CLI's default) when the spec names none. Returns an error.
    private static string? ModelOf(string? text, out string? model)
    {
        model = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var reference = ModelReference.Parse(text);
            model = reference.Model;
            return reference.Provider == ModelProviders.Anthropic
                ? null
                : $"agent 'claude-code' runs Anthropic models; '{text}' is not one (write anthropic/MODEL)";
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
