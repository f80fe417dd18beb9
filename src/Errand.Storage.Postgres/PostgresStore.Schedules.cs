using Errand.Scheduling;
using Errand.Storage.Postgres.Rows;
using Errand.Storage.Postgres.Scheduling;

namespace Errand.Storage.Postgres;

/// <summary>Schedules and their ticks.</summary>
public sealed partial class PostgresStore
{
    private const string AddSchedule =
        "INSERT INTO schedules (name, cron, time_zone, overlap, catch_up_ms, jitter_ms, max_parallel, paused, title, spec_json, " +
        "spec_source, spec_path, max_attempts, cursor, created_at, updated_at) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8, $9, $10, $11, $12, $13, $13, $13) ON CONFLICT (name) DO NOTHING RETURNING id";

    // Resuming moves the cursor to now: the ticks that came while paused are skipped, not caught up in a burst.
    private const string SetPaused =
        "UPDATE schedules SET cursor = CASE WHEN paused AND NOT $2 AND cursor < $3 THEN $3 ELSE cursor END, " +
        "paused = $2, updated_at = $3 WHERE name = $1 RETURNING id";

    private const string RemoveSchedule =
        "WITH s AS (SELECT id FROM schedules WHERE name = $1 FOR UPDATE), " +
        "t AS (DELETE FROM schedule_ticks WHERE schedule_id IN (SELECT id FROM s)) " +
        "DELETE FROM schedules WHERE id IN (SELECT id FROM s)";

    /// <inheritdoc/>
    public async Task<ScheduleRecord?> AddScheduleAsync(NewSchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!ScheduleName.IsValid(schedule.Name))
        {
            throw new ArgumentException($"schedule name '{schedule.Name}': {ScheduleName.Rule}", nameof(schedule));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(schedule.MaxAttempts, 1);
        if (schedule.MaxParallel is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(schedule), "max parallel must be at least 1");
        }

        // Not repeated after a lost answer: a second try would find the name taken and report it so.
        var id = await OnceAsync(async (connection, token) =>
        {
            await using var command = Command(connection, AddSchedule, schedule.Name, schedule.Cron, schedule.TimeZone,
                schedule.Overlap.ToWireName(), (long)schedule.CatchUp.TotalMilliseconds, (long)schedule.Jitter.TotalMilliseconds,
                new Npgsql.NpgsqlParameter { Value = (object?)schedule.MaxParallel ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer },
                schedule.Title, schedule.SpecJson, schedule.SpecSource, Parameters.Text(schedule.SpecPath), schedule.MaxAttempts, Now());
            return await command.ExecuteScalarAsync(token) as long?;
        }, cancellationToken);
        return id is { } added ? await ScheduleAsync(ScheduleRows.SelectById, added, cancellationToken) : null;
    }

    /// <inheritdoc/>
    public Task<ScheduleRecord?> GetScheduleAsync(string name, CancellationToken cancellationToken) =>
        ScheduleAsync(ScheduleRows.SelectByName, name, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ScheduleRecord>> ListSchedulesAsync(CancellationToken cancellationToken) =>
        await RetryingAsync((connection, token) => ScheduleRows.AllAsync(Command(connection, ScheduleRows.SelectAll), ScheduleRows.Read, token),
            cancellationToken);

    /// <inheritdoc/>
    public async Task<ScheduleRecord?> SetPausedAsync(string name, bool paused, CancellationToken cancellationToken)
    {
        // Repeatable: pausing or resuming twice leaves the same state.
        var id = await RetryingAsync(async (connection, token) =>
        {
            await using var command = Command(connection, SetPaused, name, paused, Now());
            return await command.ExecuteScalarAsync(token) as long?;
        }, cancellationToken);
        return id is { } found ? await ScheduleAsync(ScheduleRows.SelectById, found, cancellationToken) : null;
    }

    /// <inheritdoc/>
    public Task<bool> RemoveScheduleAsync(string name, CancellationToken cancellationToken) =>
        OnceAsync(async (connection, token) =>
        {
            await using var command = Command(connection, RemoveSchedule, name);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    /// <inheritdoc/>
    public async Task<TickResult> DecideTickAsync(TickRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Task);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Missed);
        // Repeatable: a retry after a lost answer finds the cursor past the tick (already decided) and writes nothing.
        var (result, enqueued) = await ScheduleTransactionAsync(
            async (session, token) => (await TickDecision.DecideAsync(session, request, token), session.Enqueued), cancellationToken);
        if (enqueued)
        {
            WorkQueued(null);
        }

        return result;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TickRecord>> ReleasePendingAsync(long scheduleId, CancellationToken cancellationToken)
    {
        // Repeatable: a retry releases whatever is still pending and has room.
        var released = await ScheduleTransactionAsync(async (session, token) =>
        {
            var schedule = await session.LockAsync(scheduleId, token);
            if (schedule is null || schedule.PendingTicks == 0)
            {
                return [];
            }

            var ids = await session.ReleaseAsync(schedule, await session.UnfinishedAsync(schedule.Id, token), token);
            var ticks = new List<TickRecord>(ids.Count);
            foreach (var id in ids)
            {
                ticks.Add(await session.TickAsync(id, token));
            }

            return ticks;
        }, cancellationToken);
        if (released.Count > 0)
        {
            WorkQueued(null);
        }

        return released;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TickRecord>> ListTicksAsync(long scheduleId, int limit, CancellationToken cancellationToken) =>
        await RetryingAsync((connection, token) =>
            ScheduleRows.AllAsync(Command(connection, ScheduleRows.TickHistory, scheduleId, Math.Max(0, limit)), ScheduleRows.ReadTick, token),
            cancellationToken);

    private async Task<ScheduleRecord?> ScheduleAsync(string sql, object key, CancellationToken cancellationToken) =>
        (await RetryingAsync((connection, token) => ScheduleRows.AllAsync(Command(connection, sql, key), ScheduleRows.Read, token), cancellationToken))
            .SingleOrDefault();

    private Task<T> ScheduleTransactionAsync<T>(Func<ScheduleSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RetryingAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(token);
            var result = await work(new ScheduleSession(connection, Now()), token);
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken);
}
