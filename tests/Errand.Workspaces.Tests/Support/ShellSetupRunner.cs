using System.Diagnostics;

namespace Errand.Workspaces.Tests.Support;

/// <summary>
/// Runs setup commands with /bin/sh in the target directory, HOME set to the target's home, and counts the runs in
/// a file outside every workspace. The engine's runner uses a sandbox; the provider only needs the contract.
/// </summary>
internal sealed class ShellSetupRunner(string counterFile, params string[] commands) : ISetupRunner
{
    public IReadOnlyList<string> Commands => commands;

    public string SecretsDigest { get; init; } = "";

    public int Runs => File.Exists(counterFile) ? File.ReadAllLines(counterFile).Length : 0;

    public async Task<SetupResult> RunAsync(SetupTarget target, CancellationToken cancellationToken)
    {
        await File.AppendAllTextAsync(counterFile, "run\n", cancellationToken);
        var results = new List<SetupCommandResult>();
        foreach (var command in commands)
        {
            var start = new ProcessStartInfo("/bin/sh", ["-c", command])
            {
                WorkingDirectory = target.WorkspacePath,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["HOME"] = target.HomePath ?? Path.GetTempPath();
            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken) + await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            results.Add(new SetupCommandResult(command, process.ExitCode, Stopwatch.GetElapsedTime(started), output));
            if (process.ExitCode != 0)
            {
                break;
            }
        }

        return new SetupResult(results);
    }
}
