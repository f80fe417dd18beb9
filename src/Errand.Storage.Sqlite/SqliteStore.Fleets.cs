using Errand.Fleets;
using Errand.Storage.Sqlite.Operations;
using Errand.Storage.Sqlite.Rows;

namespace Errand.Storage.Sqlite;

/// <summary>Fleets and their slices.</summary>
public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    public Task<FleetRecord> CreateFleetAsync(NewFleet fleet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        fleet.Validate();
        return _writer.SubmitAsync(new CreateFleetOp(fleet, cancellationToken));
    }

    /// <inheritdoc/>
    public Task<FleetRecord?> GetFleetAsync(long fleetId, CancellationToken cancellationToken) =>
        ReadAsync(reader => FleetRows.Get(reader.Get, fleetId), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<FleetRecord>> ListFleetsAsync(int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<FleetRecord>>(reader =>
        {
            var fleets = new List<FleetRecord>();
            using (var rows = reader.Get(FleetRows.SelectPage).Set("$limit", Math.Max(0, limit)).ExecuteReader())
            {
                while (rows.Read())
                {
                    fleets.Add(FleetRows.Read(rows));
                }
            }

            return [.. fleets.Select(f => f with { Counts = FleetRows.Counts(reader.Get, f.Id) })];
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<FleetSliceRecord>> ListSlicesAsync(long fleetId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<FleetSliceRecord>>(reader =>
        {
            var slices = new List<FleetSliceRecord>();
            using var rows = reader.Get(FleetRows.SelectSlices).Set("$id", fleetId).ExecuteReader();
            while (rows.Read())
            {
                slices.Add(FleetRows.ReadSlice(rows));
            }

            return slices;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<FleetMembership?> FleetOfTaskAsync(long taskId, CancellationToken cancellationToken) =>
        ReadAsync(reader =>
        {
            using var row = reader.Get(FleetRows.SelectMembership).Set("$id", taskId).ExecuteReader();
            return row.Read() ? new FleetMembership(row.GetInt64(0), row.IsDBNull(1) ? null : row.GetInt32(1)) : null;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<SliceToStop>> ListSlicesToStopAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SliceToStop>>(reader =>
        {
            var slices = new List<SliceToStop>();
            using var rows = reader.Get(FleetRows.SelectSlicesToStop).ExecuteReader();
            while (rows.Read())
            {
                slices.Add(new SliceToStop(rows.GetInt64(0), rows.GetInt64(1), rows.GetString(2)));
            }

            return slices;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<FleetCancellation> CancelFleetAsync(long fleetId, string reason, IReadOnlyList<OutboxMessage> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(notifications);
        return _writer.SubmitAsync(new CancelFleetOp(fleetId, reason, notifications, cancellationToken));
    }
}
