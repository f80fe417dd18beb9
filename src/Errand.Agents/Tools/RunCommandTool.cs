using System.Globalization;
using System.Text.Json;
using Errand.Sandboxing;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Tools;

/// <summary>
/// <c>run_command</c>: a shell line in the task's sandbox, never on the host. Output streams to the journal line by
/// line as it comes; the model gets the exit code and the output cut to the limit, with a note saying how much went.
/// </summary>
internal sealed class RunCommandTool : IAgentTool
{
    public string Name => "run_command";

    public AIFunctionDeclaration Declaration { get; } = AIFunctionFactory.CreateDeclaration(
        "run_command",
        "Run a shell command (sh -c) in the sandbox, in the workspace. Returns the exit code and the output (long output is cut in the middle). Use it to build, test and inspect.",
        JsonDocument.Parse("""
        {"type":"object","properties":{
          "command":{"type":"string","description":"The shell line"},
          "cwd":{"type":"string","description":"Working directory relative to the workspace root; default ."},
          "timeout_seconds":{"type":"integer","description":"Kill the command after this many seconds"}},
         "required":["command"]}
        """).RootElement);

    public async Task<string> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var command = arguments.String("command");
        var cwd = arguments.OptionalString("cwd");
        if (cwd is not null && !Directory.Exists(context.Files.Resolve(cwd)))
        {
            throw new ToolException($"no directory '{cwd}' in the workspace");
        }

        var timeout = context.Options.CommandTimeout;
        if (arguments.OptionalInt("timeout_seconds") is { } seconds)
        {
            timeout = TimeSpan.FromSeconds(Math.Clamp(seconds, 1, (int)context.Options.MaxCommandTimeout.TotalSeconds));
        }

        var output = new BoundedOutput(context.Options.MaxToolOutputChars);
        var result = await context.Sandbox.RunAsync(
            new SandboxCommand(command) { WorkingDirectory = cwd is null or "." ? null : cwd, Timeout = timeout },
            async line =>
            {
                output.Add(line.Text);
                await context.Events.WriteAsync(new AgentOutput(line.Stream, line.Text), cancellationToken);
            },
            cancellationToken);

        var status = result.TimedOut
            ? string.Create(CultureInfo.InvariantCulture, $"timed out after {result.Duration.TotalSeconds:0.#}s and was killed")
            : string.Create(CultureInfo.InvariantCulture, $"exit code {result.ExitCode} after {result.Duration.TotalSeconds:0.##}s");
        var text = output.ToString();
        return text.Length == 0 ? $"{status}; no output" : $"{status}\n{text}";
    }
}
