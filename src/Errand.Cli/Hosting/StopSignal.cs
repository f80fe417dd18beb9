using System.Runtime.InteropServices;

namespace Errand.Cli.Hosting;

/// <summary>
/// What stops a long-running command gracefully: Ctrl+C (the command's own token) or SIGTERM. SIGTERM is taken over
/// rather than left to end the process, so the command can hand its running tasks back first.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _sigterm;

    public StopSignal(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            _stop.Cancel();
        });
    }

    /// <summary>Cancelled when the command should stop.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Completes when the command should stop.</summary>
    public async Task WaitAsync()
    {
        try
        {
            await Task.Delay(Timeout.Infinite, _stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _sigterm.Dispose();
        _stop.Dispose();
    }
}
