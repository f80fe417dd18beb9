using Errand.Notifications.Configuration;
using Polly;
using Polly.Retry;

namespace Errand.Notifications.Dispatching;

/// <summary>
/// When a failed notification is tried again: exponential backoff with jitter, computed by Polly's retry strategy.
/// The wait is not spent in memory: the dispatcher stores <c>now + wait</c> as the row's next attempt time, so the
/// schedule survives restarts and any dispatcher (any process, any node) picks the row up when it is due.
/// </summary>
internal sealed class BackoffSchedule
{
    private readonly ResiliencePipeline _pipeline;

    public BackoffSchedule(DeliveryOptions options)
    {
        // Polly's jittered exponential backoff (decorrelated jitter) carries state from one retry to the next, so the
        // wait after attempt N is read off a full run of the strategy up to N, on a clock whose waits end at once.
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = InstantTimeProvider.Instance }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is AttemptFailed),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstRetry,
                MaxDelay = options.MaxRetry,
                MaxRetryAttempts = Math.Max(1, options.MaxAttempts),
                OnRetry = static args =>
                {
                    var run = args.Context.Properties.GetValue(RunKey, null!);
                    run.Delay = args.RetryDelay;
                    run.Retries = args.AttemptNumber + 1;
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private static ResiliencePropertyKey<Run> RunKey { get; } = new("errand.backoff");

    /// <summary>How long to wait after the <paramref name="failedAttempts"/>-th failed attempt (1 or more).</summary>
    public async Task<TimeSpan> DelayAfterAsync(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var run = new Run(failedAttempts);
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(RunKey, run);
        try
        {
            // Fail until Polly has chosen the wait before retry N, then stop: that wait is the answer.
            await _pipeline.ExecuteAsync(
                static (_, current) => current.Retries < current.Target ? ValueTask.FromException(new AttemptFailed()) : ValueTask.CompletedTask,
                context,
                run);
        }
        catch (AttemptFailed)
        {
            // More attempts asked for than the strategy allows: the last wait it chose stands.
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        return run.Delay;
    }

    private sealed class Run(int target)
    {
        public int Target { get; } = target;

        public int Retries { get; set; }

        public TimeSpan Delay { get; set; }
    }

    private sealed class AttemptFailed : Exception;
}
