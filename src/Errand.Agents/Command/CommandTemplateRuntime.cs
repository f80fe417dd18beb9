using System.Globalization;
using System.Runtime.CompilerServices;
using Errand.Agents.Cli;
using Errand.Sandboxing;
using Errand.Specs;

namespace Errand.Agents.Command;

/// <summary>
/// <c>agent: command-template</c>: any other CLI agent, run from the spec's shell line with its placeholders filled in
/// (<see cref="CommandTemplate"/>), in the sandbox, in the workspace. Each round is a fresh process, so its prompt
/// holds the whole task and, after the first round, the failed checks (or the follow-up) to act on. Exit 0 is the
/// agent's claim to be done, which verification then tests; any other exit fails the round with the output's tail.
/// </summary>
public sealed class CommandTemplateRuntime : IAgentRuntime
{
    /// <summary>The prompt file's name in its private folder.</summary>
    public const string PromptFileName = "prompt.md";

    /// <inheritdoc/>
    public string Name => AgentNames.CommandTemplate;

    /// <inheritdoc/>
    public async IAsyncEnumerable<AgentEvent> RunAsync(AgentRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(run.Spec.Command))
        {
            yield return new AgentFailed("agent 'command-template' needs a 'command:' line in the spec");
            yield break;
        }

        var prompt = CliPrompt.Fresh(run);
        // The prompt file's folder is the worker user's alone and shown read-only inside: the agent reads its task
        // there and cannot rewrite it, and no other local user reads the task (which may quote the repository).
        var folder = Directory.CreateTempSubdirectory("errand-prompt-").FullName;
        try
        {
            var file = Path.Combine(folder, PromptFileName);
            await File.WriteAllTextAsync(file, prompt, cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [CommandTemplate.Prompt] = CliRun.Quote(prompt),
                [CommandTemplate.PromptFile] = CliRun.Quote(file),
                [CommandTemplate.Model] = CliRun.Quote(run.Spec.Model ?? ""),
                [CommandTemplate.Round] = run.Round.ToString(CultureInfo.InvariantCulture),
            };
            var line = Expand(run.Spec.Command, values, out var unknown);
            if (line is null)
            {
                yield return new AgentFailed(unknown!);
                yield break;
            }

            var env = new Dictionary<string, string>
            {
                ["ERRAND_TASK_ID"] = run.TaskId.ToString(CultureInfo.InvariantCulture),
                ["ERRAND_ATTEMPT"] = run.Attempt.ToString(CultureInfo.InvariantCulture),
                ["ERRAND_ROUND"] = values[CommandTemplate.Round],
                ["ERRAND_PROMPT_FILE"] = file,
            };
            var command = new SandboxStream();
            var sandboxed = new SandboxCommand(line) { Environment = env, ReadOnlyPaths = [folder] };
            await foreach (var output in command.RunAsync(run.Sandbox, sandboxed, cancellationToken))
            {
                yield return new AgentOutput(output.Stream, output.Text);
            }

            yield return Ended(command.Result!);
        }
        finally
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static string? Expand(string template, IReadOnlyDictionary<string, string> values, out string? error)
    {
        error = null;
        try
        {
            return CommandTemplate.Expand(template, values);
        }
        catch (ArgumentException ex)
        {
            // The binder refuses unknown placeholders; a spec stored by an older version may still hold one.
            error = $"agent 'command-template': {ex.Message}";
            return null;
        }
    }

    private static AgentEvent Ended(SandboxResult result)
    {
        if (result.ExitCode == 0)
        {
            return new AgentFinished(string.Create(CultureInfo.InvariantCulture, $"command exited 0 in {result.Duration.TotalSeconds:0.###}s"));
        }

        var tail = result.OutputTail.Trim();
        tail = tail.Length <= 1000 ? tail : "…" + tail[^1000..];
        var how = result.TimedOut
            ? string.Create(CultureInfo.InvariantCulture, $"command timed out after {result.Duration.TotalSeconds:0.#}s")
            : string.Create(CultureInfo.InvariantCulture, $"command exited {result.ExitCode}");
        return new AgentFailed(tail.Length == 0 ? how : $"{how}: {tail}");
    }
}
