using System.Runtime.CompilerServices;
using Errand.Agents.Models;
using Errand.Specs;

namespace Errand.Agents.Cli.Codex;

/// <summary>
/// <c>agent: codex</c>: the Codex CLI (<c>codex exec --json</c>) in the task's sandbox, with a per-task
/// <c>CODEX_HOME</c> whose only provider is Errand's model relay. Its thread id is checkpointed, and a later run
/// continues it with <c>codex exec resume</c>.
/// </summary>
public sealed class CodexRuntime(CliAgentOptions options) : IAgentRuntime
{
    private const string PlaceholderKey = "errand-relay-holds-the-key";

    private static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1");

    /// <inheritdoc/>
    public string Name => AgentNames.Codex;

    /// <inheritdoc/>
    public IAsyncEnumerable<AgentEvent> RunAsync(AgentRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return CliTelemetry.TraceAsync(RunCoreAsync(run, cancellationToken), "openai", ModelOf(run.Spec.Model, out var model) is null ? model?.Model : null, options.Time, cancellationToken);
    }

    private async IAsyncEnumerable<AgentEvent> RunCoreAsync(AgentRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var executable = CliExecutable.Find("codex", options.CodexExecutable, options.ToolsDirectory);
        if (executable is null)
        {
            yield return new AgentFailed("the codex CLI is not installed on this worker (run scripts/install-test-deps.sh, or set ERRAND_CODEX)");
            yield break;
        }

        if (ModelOf(run.Spec.Model, out var model) is { } wrongModel)
        {
            yield return new AgentFailed(wrongModel);
            yield break;
        }

        var home = CliStateDirectory.For(options.StateDirectory, Name, run.TaskId);
        var kept = CodexState.Read(run.ResumeFrom?.StateJson);
        var thread = kept?.ThreadId;
        var sessions = Path.Combine(home, "sessions");
        // A thread resumes where its session file is: in this worker's folder, or carried in the checkpoint from another.
        var resume = thread is not null && CliSessions.Restore(home, kept!.SessionFiles,
            () => Directory.Exists(sessions) && Directory.EnumerateFiles(sessions, $"*{thread}*", SearchOption.AllDirectories).Any());

        var target = new RelayTarget(options.Models.OpenAiBaseUrl ?? DefaultBaseUrl, "/v1", options.Models.OpenAiApiKey, "Authorization");
        await using var cli = await CliRun.StartAsync(run, target, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(home, "config.toml"), CodexConfig.For(cli.ModelUrl!), cancellationToken);
        List<string> args = ["exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox",
            "--disable", "plugins", "--disable", "remote_plugin", "--disable", "unbounded_connection_retries"];
        if (model is not null)
        {
            args.AddRange(["-m", model.Model]);
        }

        args.AddRange(resume ? ["resume", thread!, CliPrompt.Continue(run)] : [CliPrompt.Fresh(run)]);
        var env = new Dictionary<string, string>
        {
            ["CODEX_HOME"] = home,
            [CodexConfig.KeyVariable] = PlaceholderKey,
            ["NO_PROXY"] = "127.0.0.1,localhost",
            ["no_proxy"] = "127.0.0.1,localhost",
        };

        var parser = new CodexEventParser(run.ResumeFrom?.Step ?? 0, model is null ? null : options.Models.PriceOf(model));
        IEnumerable<AgentEvent> Saved(AgentEvent e) => e is AgentCheckpoint checkpoint
            ? CliSessions.Checkpoint(checkpoint, home, parser.ThreadId, files => CodexState.Serialize(new CodexState(parser.ThreadId, files)))
            : [e];

        var held = new List<AgentEvent>();
        await foreach (var line in cli.StreamAsync(run, executable, args, env, [home], options.RunTimeout, cancellationToken))
        {
            if (line.Stream == "stderr")
            {
                yield return new AgentOutput("stderr", line.Text);
                continue;
            }

            foreach (var e in parser.Parse(line.Text))
            {
                // The turn's checkpoint waits for the CLI to exit: only then is its session file complete.
                if (e is AgentCheckpoint { Final: true })
                {
                    held.Add(e);
                    continue;
                }

                foreach (var saved in Saved(e))
                {
                    yield return saved;
                }

                if (e is AgentFailed)
                {
                    yield break;
                }
            }
        }

        foreach (var e in held.Append(parser.Exited(cli.Result?.ExitCode ?? -1, cli.Result?.OutputTail ?? "")))
        {
            foreach (var saved in Saved(e))
            {
                yield return saved;
            }
        }
    }

    // The spec's model; null (the CLI's default) when the spec names none. Returns an error.
    private static string? ModelOf(string? text, out ModelReference? model)
    {
        model = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            model = ModelReference.Parse(text);
            return model.Provider == ModelProviders.OpenAi
                ? null
                : $"agent 'codex' runs OpenAI models (or an OpenAI-compatible endpoint); '{text}' is not one (write openai/MODEL)";
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
