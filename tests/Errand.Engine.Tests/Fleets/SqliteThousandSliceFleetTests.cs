namespace Errand.Engine.Tests.Fleets;

public sealed class SqliteThousandSliceFleetTests : ThousandSliceFleetTests
{
    protected override bool Postgres => false;
}
