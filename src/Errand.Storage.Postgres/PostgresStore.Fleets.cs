using Errand.Fleets;
using Errand.Storage.Postgres.Fleets;
using Errand.Storage.Postgres.Rows;

namespace Errand.Storage.Postgres;

/// <summary>Fleets and their slices.</summary>
public sealed partial class PostgresStore
{
    /// <inheritdoc/>
    public async Task<FleetRecord> CreateFleetAsync(NewFleet fleet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        fleet.Validate();
        // Not repeated after a lost answer: nothing tells a committed fleet from one that never ran.
        var id = await OnceAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(token);
            var id = await new FleetSession(connection, Now()).CreateAsync(fleet, token);
            await transaction.CommitAsync(token);
            return id;
        }, cancellationToken);
        WorkQueued(null);
        return (await GetFleetAsync(id, cancellationToken))!;
    }

    /// <inheritdoc/>
    public async Task<FleetRecord?> GetFleetAsync(long fleetId, CancellationToken cancellationToken) =>
        (await RetryingAsync((connection, token) => ScheduleRows.AllAsync(Command(connection, FleetRows.SelectById, fleetId), FleetRows.Read, token),
            cancellationToken)).SingleOrDefault();

    /// <inheritdoc/>
    public async Task<IReadOnlyList<FleetRecord>> ListFleetsAsync(int limit, CancellationToken cancellationToken) =>
        await RetryingAsync((connection, token) => ScheduleRows.AllAsync(Command(connection, FleetRows.SelectPage, Math.Max(0, limit)), FleetRows.Read, token),
            cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<FleetSliceRecord>> ListSlicesAsync(long fleetId, CancellationToken cancellationToken) =>
        await RetryingAsync((connection, token) => ScheduleRows.AllAsync(Command(connection, FleetRows.SelectSlices, fleetId), FleetRows.ReadSlice, token),
            cancellationToken);

    /// <inheritdoc/>
    public async Task<FleetMembership?> FleetOfTaskAsync(long taskId, CancellationToken cancellationToken) =>
        (await RetryingAsync((connection, token) => ScheduleRows.AllAsync(Command(connection, FleetRows.SelectMembership, taskId),
            r => new FleetMembership(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt32(1)), token), cancellationToken)).SingleOrDefault();

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SliceToStop>> ListSlicesToStopAsync(CancellationToken cancellationToken) =>
        await RetryingAsync((connection, token) => ScheduleRows.AllAsync(Command(connection, FleetRows.SelectSlicesToStop),
            r => new SliceToStop(r.GetInt64(0), r.GetInt64(1), r.GetString(2)), token), cancellationToken);

    /// <inheritdoc/>
    public async Task<FleetCancellation> CancelFleetAsync(long fleetId, string reason, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(notifications);
        // Repeatable: a retry finds the fleet cancelled already and reports that; the outbox keys are unique.
        var unfinished = await RetryingAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(token);
            var unfinished = await new FleetSession(connection, Now()).CancelAsync(fleetId, reason, notifications, token);
            await transaction.CommitAsync(token);
            return unfinished;
        }, cancellationToken);
        if (unfinished is not null)
        {
            if (notifications.Count > 0)
            {
                OutboxDue();
            }

            return new FleetCancellation(true, true, unfinished);
        }

        return new FleetCancellation(await GetFleetAsync(fleetId, cancellationToken) is not null, false, []);
    }
}
