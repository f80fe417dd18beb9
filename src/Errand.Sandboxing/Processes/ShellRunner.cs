using System.Diagnostics;
using CliWrap;

namespace Errand.Sandboxing.Processes;

/// <summary>
/// Runs a program with an exact environment (nothing inherited unless listed), streams its output line by line,
/// and kills the whole process tree on cancellation or timeout.
/// </summary>
internal static class ShellRunner
{
    public static async Task<SandboxResult> RunAsync(
        string program,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan? timeout,
        TimeProvider time,
        Func<OutputLine, ValueTask>? onOutput,
        CancellationToken cancellationToken)
    {
        var tail = new OutputTail();
        using var timeoutCts = timeout is { } t ? new CancellationTokenSource(t, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);

        async Task Emit(string stream, string text)
        {
            tail.Add(text);
            if (onOutput is not null)
            {
                await onOutput(new OutputLine(stream, text));
            }
        }

        var command = Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(ExactEnvironment(environment))
            .WithValidation(CommandResultValidation.None)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.ToDelegate((string line) => Emit("stdout", line)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate((string line) => Emit("stderr", line)));

        var started = Stopwatch.GetTimestamp();
        try
        {
            // CliWrap's forceful cancellation kills the entire process tree, so nothing the command started
            // outlives a cancel or a timeout.
            var result = await command.ExecuteAsync(linked.Token);
            return new SandboxResult(result.ExitCode, Stopwatch.GetElapsedTime(started), tail.ToString(), TimedOut: false);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            tail.Add($"(killed after {timeout})");
            return new SandboxResult(-1, Stopwatch.GetElapsedTime(started), tail.ToString(), TimedOut: true);
        }
    }

    private static Dictionary<string, string?> ExactEnvironment(IReadOnlyDictionary<string, string> wanted)
    {
        // Start from "remove everything inherited", then add exactly what was asked for: the worker's own
        // environment (tokens, credentials) must not leak into commands.
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            env[key] = null;
        }

        foreach (var (key, value) in wanted)
        {
            env[key] = value;
        }

        return env;
    }
}
