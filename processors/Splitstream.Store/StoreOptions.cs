namespace Splitstream.Store;

/// <summary>The <c>Store</c> configuration section: a PostgreSQL connection string, or empty for SQLite at <see cref="SqlitePath"/>.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    public string Postgres { get; set; } = "";

    public string SqlitePath { get; set; } = ".data/splitstream.db";
}
