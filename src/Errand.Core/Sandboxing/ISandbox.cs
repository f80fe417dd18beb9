namespace Errand.Sandboxing;

/// <summary>A place to run commands for one task attempt.</summary>
public interface ISandbox : IAsyncDisposable
{
    /// <summary>The backend that made it.</summary>
    string Backend { get; }

    /// <summary>What this sandbox does not protect against; journaled and shown loudly.</summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Runs a shell line and reports each output line as it comes. Cancelling, or passing the timeout, kills
    /// the whole process tree.
    /// </summary>
    Task<SandboxResult> RunAsync(SandboxCommand command, Func<OutputLine, ValueTask>? onOutput, CancellationToken cancellationToken);
}
