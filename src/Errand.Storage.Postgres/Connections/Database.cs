using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Errand.Storage.Postgres.Connections;

/// <summary>
/// Runs the store's statements on pooled connections. A server restart or a terminated backend breaks every
/// pooled connection at once; the first failure clears the pool, so later callers get fresh connections.
/// Opening a connection is always retried; a statement is retried only when its caller says repeating it is
/// safe — a read, or a write that can tell whether an earlier try committed — and otherwise the failure is
/// surfaced, since a write whose answer was lost may or may not have committed.
/// </summary>
internal sealed class Database
{
    private readonly NpgsqlDataSource _source;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;

    public Database(NpgsqlDataSource source, int maxRetries, ILogger logger)
    {
        _source = source;
        _logger = logger;
        // Real time, not the store's clock: the pause waits for a server, and tests run the store on a fake clock.
        _retry = new ResiliencePipelineBuilder { TimeProvider = TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(Transient.Is),
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(50),
                MaxDelay = TimeSpan.FromSeconds(2),
                UseJitter = true,
                OnRetry = args =>
                {
                    _logger.LogWarning("PostgreSQL unavailable ({Error}); retry {Attempt} in {Delay} ms",
                        args.Outcome.Exception?.Message, args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public NpgsqlDataSource Source => _source;

    /// <summary>Runs <paramref name="work"/> once on an open connection (the opening itself is retried).</summary>
    public async Task<T> OnceAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _retry.ExecuteAsync(
            async token => await Guard(() => _source.OpenConnectionAsync(token).AsTask()), cancellationToken);
        return await Guard(() => work(connection, cancellationToken));
    }

    /// <summary>Runs <paramref name="work"/>, again on a fresh connection after a transient failure: only for repeatable work.</summary>
    public Task<T> RetryingAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(async token =>
        {
            await using var connection = await Guard(() => _source.OpenConnectionAsync(token).AsTask());
            return await Guard(() => work(connection, token));
        }, cancellationToken).AsTask();

    private async Task<T> Guard<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception ex) when (Transient.Is(ex))
        {
            // The other idle connections were most likely cut by the same event: drop them all.
            _source.Clear();
            throw;
        }
    }
}
