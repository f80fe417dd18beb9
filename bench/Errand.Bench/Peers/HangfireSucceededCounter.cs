using Hangfire.States;
using Hangfire.Storage;

namespace Errand.Bench.Peers;

/// <summary>
/// Reports each job moved to Succeeded, in the transaction that moves it (just before its commit): Hangfire's own
/// statistics come from aggregated counters that lag by minutes.
/// </summary>
internal sealed class HangfireSucceededCounter(Action onSucceeded) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is SucceededState)
        {
            onSucceeded();
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
