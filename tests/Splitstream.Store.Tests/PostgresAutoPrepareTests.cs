using Npgsql;

namespace Splitstream.Store.Tests;

public sealed class PostgresAutoPrepareTests
{
    [Fact]
    public void A_connection_string_without_max_auto_prepare_gets_the_default()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresStore.WithAutoPrepare("Host=db;Username=u;Password=p;Database=d"));
        Assert.Equal((PostgresStore.DefaultMaxAutoPrepare, "db", "p"), (builder.MaxAutoPrepare, builder.Host, builder.Password));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=10", 10)]
    [InlineData("Host=db;max auto prepare=200", 200)]
    public void A_max_auto_prepare_the_operator_set_is_kept_even_zero(string connectionString, int expected)
    {
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgresStore.WithAutoPrepare(connectionString)).MaxAutoPrepare);
    }
}
