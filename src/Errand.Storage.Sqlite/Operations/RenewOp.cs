using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>A heartbeat: extends the lease from now while the fence holds, and reports a cancel request.</summary>
internal sealed class RenewOp(LeaseToken lease, TimeSpan duration, CancellationToken cancellationToken) : WriteOp<LeaseRenewal>(cancellationToken)
{
    // FENCING: the lease is extended only while fence, owner and running state all match; otherwise nothing changes.
    private const string Renew =
        $"UPDATE tasks SET lease_expires_at = $expires WHERE id = $id AND {Fences.Holds} RETURNING cancel_requested";

    private LeaseRenewal _renewal;

    protected override LeaseRenewal Result => _renewal;

    public override void Execute(WriteContext context)
    {
        var cancel = context.Command(Renew)
            .SetLease(lease)
            .Set("$expires", context.Now() + UnixTime.ToMicros(duration))
            .ScalarInt64();
        _renewal = cancel switch
        {
            null => LeaseRenewal.Lost,
            0 => LeaseRenewal.Renewed,
            _ => LeaseRenewal.CancelRequested,
        };
    }
}
