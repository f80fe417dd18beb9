using Hangfire.States;
using Hangfire.Storage;

namespace Errand.Bench.Peers;

/// <summary>
/// Counts jobs moved to Succeeded, in the transaction that moves them (just before its commit): Hangfire's own
/// statistics come from aggregated counters that lag by minutes.
/// </summary>
internal sealed class HangfireSucceededCounter : IApplyStateFilter
{
    private long _succeeded;

    public static HangfireSucceededCounter Instance { get; } = new();

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is SucceededState)
        {
            Interlocked.Increment(ref _succeeded);
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
