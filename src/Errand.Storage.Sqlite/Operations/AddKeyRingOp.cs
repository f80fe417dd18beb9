using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Adds a data protection key ring element (a key or a revocation); rows are never changed.</summary>
internal sealed class AddKeyRingOp(string name, string xml, CancellationToken cancellationToken) : WriteOp<bool>(cancellationToken)
{
    private const string Insert = "INSERT INTO key_ring (name, xml, created_at) VALUES ($name, $xml, $now)";

    protected override bool Result => true;

    public override void Execute(WriteContext context) =>
        context.Command(Insert).Set("$name", name).Set("$xml", xml).Set("$now", context.Now()).ExecuteNonQuery();
}
