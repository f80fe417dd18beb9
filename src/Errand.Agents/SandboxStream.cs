using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Errand.Sandboxing;

namespace Errand.Agents;

/// <summary>
/// One sandboxed command whose output lines are streamed as they come, not collected until it ends: a long command
/// (a command agent, a CLI agent) shows progress in <c>errand logs -f</c>. Leaving the stream early stops the command.
/// </summary>
internal sealed class SandboxStream
{
    /// <summary>How the command ended, once the stream is done.</summary>
    public SandboxResult? Result { get; private set; }

    public async IAsyncEnumerable<OutputLine> RunAsync(
        ISandbox sandbox, SandboxCommand command, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lines = Channel.CreateUnbounded<OutputLine>(new UnboundedChannelOptions { SingleReader = true });
        var running = RunAsync(sandbox, command, lines.Writer, stop.Token);
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken))
            {
                yield return line;
            }

            Result = await running;
        }
        finally
        {
            // A consumer that walks away (a budget, a loop, a cancel) must not leave the command running in the sandbox.
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async Task<SandboxResult> RunAsync(
        ISandbox sandbox, SandboxCommand command, ChannelWriter<OutputLine> writer, CancellationToken cancellationToken)
    {
        try
        {
            return await sandbox.RunAsync(command, line => writer.WriteAsync(line, cancellationToken), cancellationToken);
        }
        finally
        {
            writer.TryComplete();
        }
    }
}
