namespace Splitstream.Store;

/// <summary>SQLite schema. Point tables are WITHOUT ROWID: stored clustered by (activity_id, time_ms) like the Cassandra table.</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "activities, points, windows, users, friendships, goals", """
            CREATE TABLE users (
                user_id TEXT PRIMARY KEY,
                display_name TEXT NOT NULL DEFAULT '',
                public_activities INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE friendships (
                user_id TEXT NOT NULL,
                friend_id TEXT NOT NULL,
                PRIMARY KEY (user_id, friend_id)
            ) WITHOUT ROWID;
            CREATE TABLE goals (
                user_id TEXT NOT NULL,
                sport TEXT NOT NULL,
                period TEXT NOT NULL,
                target_distance_m REAL NOT NULL,
                PRIMARY KEY (user_id, sport, period)
            ) WITHOUT ROWID;
            CREATE TABLE activities (
                activity_id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                sport TEXT NOT NULL,
                status TEXT NOT NULL,
                started_at_ms INTEGER NOT NULL,
                race_id TEXT NOT NULL DEFAULT '',
                country TEXT NOT NULL DEFAULT '',
                is_public INTEGER NULL,
                distance_m REAL NOT NULL DEFAULT 0,
                moving_time_s REAL NOT NULL DEFAULT 0,
                elapsed_time_s REAL NOT NULL DEFAULT 0,
                summary BLOB NULL,
                etag TEXT NULL
            );
            CREATE INDEX activities_by_user ON activities (user_id, started_at_ms DESC, activity_id DESC);
            CREATE TABLE gps_points (
                activity_id TEXT NOT NULL,
                time_ms INTEGER NOT NULL,
                lat REAL NOT NULL,
                lon REAL NOT NULL,
                ele REAL NULL,
                acc REAL NULL,
                PRIMARY KEY (activity_id, time_ms)
            ) WITHOUT ROWID;
            CREATE TABLE hr_points (
                activity_id TEXT NOT NULL,
                time_ms INTEGER NOT NULL,
                bpm INTEGER NOT NULL,
                PRIMARY KEY (activity_id, time_ms)
            ) WITHOUT ROWID;
            CREATE TABLE window_metrics (
                activity_id TEXT NOT NULL,
                window_start_ms INTEGER NOT NULL,
                window_end_ms INTEGER NOT NULL,
                distance_m REAL NOT NULL,
                moving_time_s REAL NOT NULL,
                pace_s_per_km REAL NOT NULL,
                hr_avg REAL NULL,
                samples INTEGER NOT NULL,
                PRIMARY KEY (activity_id, window_start_ms)
            ) WITHOUT ROWID;
            """),
        new(2, "seed the simulator's users", SeedData.Sql()),
        new(4, "races: organiser and privacy of race standings", """
            CREATE TABLE races (
                race_id TEXT PRIMARY KEY,
                organiser_id TEXT NOT NULL,
                is_private INTEGER NOT NULL DEFAULT 0
            );
            """),
    ];
}
