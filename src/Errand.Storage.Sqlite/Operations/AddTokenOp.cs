using Errand.Storage.Sqlite.Rows;
using Errand.Storage.Sqlite.Writing;
using Errand.Tokens;

namespace Errand.Storage.Sqlite.Operations;

/// <summary>Stores a new token's hash; null when the name is taken.</summary>
internal sealed class AddTokenOp(NewApiToken token, CancellationToken cancellationToken) : WriteOp<ApiTokenRecord?>(cancellationToken)
{
    private const string Insert =
        "INSERT INTO api_tokens (name, scope, hash, created_at) VALUES ($name, $scope, $hash, $now) ON CONFLICT (name) DO NOTHING RETURNING id";

    private ApiTokenRecord? _record;

    protected override ApiTokenRecord? Result => _record;

    public override void Execute(WriteContext context)
    {
        var id = context.Command(Insert).Set("$name", token.Name).Set("$scope", token.Scope.ToWireName()).Set("$hash", token.Hash)
            .Set("$now", context.Now()).ScalarInt64();
        _record = id is { } added ? TokenRows.Single(context.Command(TokenRows.SelectById).Set("$id", added)) : null;
    }
}
