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
    public async IAsyncEnumerable<AgentEvent> RunAsync(AgentRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
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
        var session = ClaudeState.Read(run.ResumeFrom?.StateJson)?.SessionId;
        // A session resumes only where its files are: a checkpoint from another worker starts a new one.
        var resume = session is not null && Directory.EnumerateFiles(config, session + ".jsonl", SearchOption.AllDirectories).Any();
        List<string> args = ["-p", resume ? CliPrompt.Continue(run) : CliPrompt.Start(run.Spec),
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
        await foreach (var line in cli.StreamAsync(run, executable, args, env, [config], options.RunTimeout, cancellationToken))
        {
            if (line.Stream == "stderr")
            {
                yield return new AgentOutput("stderr", line.Text);
                continue;
            }

            foreach (var e in parser.Parse(line.Text))
            {
                yield return e;
                if (e is AgentFinished or AgentFailed)
                {
                    yield break;
                }
            }
        }

        foreach (var e in parser.Exited(cli.Result?.ExitCode ?? -1, cli.Result?.OutputTail ?? ""))
        {
            yield return e;
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
