using Errand.Sandboxing;
using Errand.Specs;
using Errand.Workspaces;

namespace Errand.Bench.Workspaces;

/// <summary>Runs setup commands in a bubblewrap sandbox, as the engine's runner does, without the journal.</summary>
internal sealed class SandboxedSetup(ISandboxProvider provider, IReadOnlyList<string> commands) : ISetupRunner
{
    public IReadOnlyList<string> Commands => commands;

    public string SecretsDigest => "";

    public async Task<SetupResult> RunAsync(SetupTarget target, CancellationToken cancellationToken)
    {
        await using var sandbox = await provider.CreateAsync(
            new SandboxRequest(target.WorkspacePath, new SandboxSpec()) { HomeDirectory = target.HomePath, ReadOnlyPaths = target.ReadOnlyPaths },
            cancellationToken);
        var results = new List<SetupCommandResult>();
        foreach (var command in commands)
        {
            var run = await sandbox.RunAsync(new SandboxCommand(command), null, cancellationToken);
            results.Add(new SetupCommandResult(command, run.ExitCode, run.Duration, run.OutputTail));
            if (run.ExitCode != 0)
            {
                break;
            }
        }

        return new SetupResult(results);
    }
}
