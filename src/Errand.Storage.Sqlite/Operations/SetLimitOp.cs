using Errand.Storage.Sqlite.Writing;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Sets or removes one concurrency limit.</summary>
internal sealed class SetLimitOp(string scope, int? maxRunning, CancellationToken cancellationToken) : WriteOp<bool>(cancellationToken)
{
    private const string Upsert =
        "INSERT INTO concurrency_limits (scope, max_running, updated_at) VALUES ($scope, $max, $now) " +
        "ON CONFLICT (scope) DO UPDATE SET max_running = excluded.max_running, updated_at = excluded.updated_at";

    private const string Delete = "DELETE FROM concurrency_limits WHERE scope = $scope";

    private bool _changed;

    protected override bool Result => _changed;

    public override void Execute(WriteContext context) =>
        _changed = (maxRunning is { } max
            ? context.Command(Upsert).Set("$scope", scope).Set("$max", max).Set("$now", context.Now())
            : context.Command(Delete).Set("$scope", scope)).ExecuteNonQuery() > 0;

    // A raised or removed limit may let queued tasks start now.
    public override void AfterCommit(WriteContext context) => context.Signal.Raise();
}
