namespace Errand.Engine.Tests.Fleets;

public sealed class PostgresThousandSliceFleetTests : ThousandSliceFleetTests
{
    protected override bool Postgres => true;
}
