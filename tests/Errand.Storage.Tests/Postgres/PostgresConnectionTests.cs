using Errand.Storage.Postgres;
using Npgsql;

namespace Errand.Storage.Tests.Postgres;

public sealed class PostgresConnectionTests
{
    [Theory]
    [InlineData("postgres://errand@db:5432/team", "db", 5432, "errand", null, "team")]
    [InlineData("postgresql://errand:p%40ss%3Aword@db.example/team", "db.example", 5432, "errand", "p@ss:word", "team")]
    [InlineData("postgres://127.0.0.1:55432/errand_tests", "127.0.0.1", 55432, null, null, "errand_tests")]
    [InlineData("POSTGRES://u@[::1]:6000/d", "::1", 6000, "u", null, "d")]
    [InlineData("Host=db;Port=6432;Username=errand;Password=pw;Database=team", "db", 6432, "errand", "pw", "team")]
    public void Normalize_UrlOrConnectionString_ReadsEveryPart(string value, string host, int port, string? user, string? password, string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnection.Normalize(value));

        Assert.Equal((host, port, user, password, database), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
    }

    [Fact]
    public void Normalize_UrlQuery_BecomesSettings()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnection.Normalize("postgres://u@db/d?sslmode=require&search_path=errand"));

        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("errand", builder.SearchPath);
    }

    [Theory]
    [InlineData("postgres://")]
    [InlineData("postgres://u@db/d?no_such_setting=1")]
    [InlineData("Hots=db;Nonsense=1")]
    public void Normalize_Bad_FormatException(string value) =>
        Assert.Throws<FormatException>(() => PostgresConnection.Normalize(value));

    [Theory]
    [InlineData("sqlite", false)]
    [InlineData("/var/lib/errand/errand.db", false)]
    [InlineData("postgres://u@db/d", true)]
    [InlineData("postgresql://db/d", true)]
    [InlineData("Host=db;Database=d", true)]
    public void IsPostgres_Value_TellsStores(string value, bool expected) =>
        Assert.Equal(expected, PostgresConnection.IsPostgres(value));

    [Theory]
    [InlineData("postgres://errand:s3cret@db.example:6543/team", "postgres://errand@db.example:6543/team")]
    [InlineData("Host=db;Username=errand;Password=s3cret;Database=team", "postgres://errand@db:5432/team")]
    [InlineData("postgres://db/team", "postgres://db:5432/team")]
    public void Describe_WithPassword_LeavesItOut(string value, string expected) =>
        Assert.Equal(expected, PostgresConnection.Describe(value));

    // Regression: the store asked Npgsql's builder whether "No Reset On Close" was set, which it answers yes for every
    // keyword it knows, so the default was never applied and every pooled checkout cost seven reset statements.
    [Theory]
    [InlineData("Host=db;Database=d", true, true, 64)]
    [InlineData("postgres://u@db/d", true, true, 64)]
    [InlineData("Host=db;Database=d;No Reset On Close=false", true, false, 64)]
    [InlineData("postgres://u@db/d?no_reset_on_close=false&max_auto_prepare=0", true, false, 0)]
    [InlineData("Host=db;Database=d;Max Auto Prepare=10", true, true, 10)]
    [InlineData("Host=db;Database=d", false, false, 64)]
    public void ForStore_Settings_StoreDefaultsUnlessGiven(string value, bool lean, bool noReset, int autoPrepare)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnection.ForStore(value, lean));

        Assert.Equal((noReset, autoPrepare, "errand", false), (builder.NoResetOnClose, builder.MaxAutoPrepare, builder.ApplicationName, builder.Enlist));
    }
}
