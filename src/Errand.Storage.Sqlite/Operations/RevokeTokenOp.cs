using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Marks a valid token revoked; the row stays, so its name is not reused by mistake.</summary>
internal sealed class RevokeTokenOp(string name, CancellationToken cancellationToken) : WriteOp<bool>(cancellationToken)
{
    private const string Update = "UPDATE api_tokens SET revoked_at = $now WHERE name = $name AND revoked_at IS NULL";

    private bool _revoked;

    protected override bool Result => _revoked;

    public override void Execute(WriteContext context) =>
        _revoked = context.Command(Update).Set("$name", name).Set("$now", context.Now()).ExecuteNonQuery() == 1;
}
