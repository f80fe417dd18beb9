using Errand.Sandboxing.Processes;

namespace Errand.Sandboxing.None;

/// <summary>Runs commands directly on the host, in the workspace, with a cleared environment. Nothing else is isolated.</summary>
internal sealed class NoneSandbox(SandboxRequest request, TimeProvider time) : ISandbox
{
    private readonly string _home = request.HomeDirectory ?? Directory.CreateTempSubdirectory("errand-home-").FullName;

    public string Backend => "none";

    public IReadOnlyList<string> Warnings { get; } =
    [
        "NO SANDBOX: commands run as this user on the host, with its files, network, processes and credentials "
        + "(~/.ssh, cloud keys, Errand's own database) all reachable. Only the environment is cleared. "
        + "Use the bubblewrap backend for anything you would not run by hand.",
    ];

    public Task<SandboxResult> RunAsync(SandboxCommand command, Func<OutputLine, ValueTask>? onOutput, CancellationToken cancellationToken)
    {
        var workingDirectory = command.WorkingDirectory is null
            ? request.WorkspacePath
            : Path.GetFullPath(Path.Combine(request.WorkspacePath, command.WorkingDirectory));
        var root = Path.TrimEndingDirectorySeparator(request.WorkspacePath);
        if (workingDirectory != root && !workingDirectory.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new SandboxUnavailableException($"working directory {command.WorkingDirectory} is outside the workspace");
        }

        var env = SandboxEnvironment.Build(_home, request.Environment, command.Environment);
        return ShellRunner.RunAsync(
            "/bin/sh", ["-c", command.CommandLine], workingDirectory, env, command.Timeout, time, onOutput, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        if (request.HomeDirectory is not null)
        {
            return ValueTask.CompletedTask; // the caller's directory, not ours to delete
        }

        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its command may still hold a file; the temp directory is cleaned by the OS.
        }

        return ValueTask.CompletedTask;
    }
}
