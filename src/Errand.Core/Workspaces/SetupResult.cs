namespace Errand.Workspaces;

/// <summary>What a run of the setup commands did: every command that ran, the last one first to fail.</summary>
/// <param name="Commands">The commands that ran, in order.</param>
public sealed record SetupResult(IReadOnlyList<SetupCommandResult> Commands)
{
    /// <summary>True when every command ran and exited 0.</summary>
    public bool Succeeded => Commands.All(c => c.Succeeded);

    /// <summary>The command that failed, or null.</summary>
    public SetupCommandResult? Failed => Commands.FirstOrDefault(c => !c.Succeeded);
}
