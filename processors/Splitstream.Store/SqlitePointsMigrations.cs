namespace Splitstream.Store;

/// <summary>
/// The schema of the embedded store's points file (<see cref="SqliteStore.PointsPath"/>), versioned on its own in its
/// own <c>schema_migrations</c>. The tables are those the main file held until <see cref="SqliteMigrations.PointsMovedOut"/>:
/// WITHOUT ROWID, stored clustered by (activity_id, time_ms) like the Cassandra table.
/// </summary>
internal static class SqlitePointsMigrations
{
    /// <summary>The point tables, as the main file's migration 1 created them too (until migration 15 moved them here).</summary>
    public const string PointTables = """
            CREATE TABLE IF NOT EXISTS gps_points (
                activity_id TEXT NOT NULL,
                time_ms INTEGER NOT NULL,
                lat REAL NOT NULL,
                lon REAL NOT NULL,
                ele REAL NULL,
                acc REAL NULL,
                PRIMARY KEY (activity_id, time_ms)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS hr_points (
                activity_id TEXT NOT NULL,
                time_ms INTEGER NOT NULL,
                bpm INTEGER NOT NULL,
                PRIMARY KEY (activity_id, time_ms)
            ) WITHOUT ROWID;
        """;

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "point series: GPS and heart rate", PointTables),
    ];
}
