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
        new(3, "goals by goal id (distance and frequency), goal revisions and progress, leaderboards", """
            CREATE TABLE goals_v3 (
                user_id TEXT NOT NULL,
                goal_id TEXT NOT NULL,
                sport TEXT NOT NULL,
                kind TEXT NOT NULL,
                period TEXT NOT NULL,
                target_distance_m REAL NOT NULL DEFAULT 0,
                target_count INTEGER NOT NULL DEFAULT 0,
                created_at_ms INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (user_id, goal_id)
            ) WITHOUT ROWID;
            INSERT INTO goals_v3 (user_id, goal_id, sport, kind, period, target_distance_m)
                SELECT user_id, 'distance:' || sport || ':' || period, sport, 'distance', period, target_distance_m FROM goals;
            DROP TABLE goals;
            ALTER TABLE goals_v3 RENAME TO goals;
            CREATE TABLE goal_revisions (
                user_id TEXT PRIMARY KEY,
                revision INTEGER NOT NULL
            );
            CREATE TABLE goal_progress (
                user_id TEXT NOT NULL,
                goal_id TEXT NOT NULL,
                period_key TEXT NOT NULL,
                value REAL NOT NULL,
                target REAL NOT NULL,
                activities INTEGER NOT NULL,
                achieved_at_ms INTEGER NULL,
                updated_at_ms INTEGER NOT NULL,
                PRIMARY KEY (user_id, goal_id, period_key)
            ) WITHOUT ROWID;
            CREATE TABLE leaderboards (
                board_id TEXT PRIMARY KEY,
                sport TEXT NOT NULL,
                scope TEXT NOT NULL,
                week TEXT NOT NULL,
                updated_at_ms INTEGER NOT NULL,
                entries INTEGER NOT NULL
            );
            CREATE TABLE leaderboard_entries (
                board_id TEXT NOT NULL,
                rank INTEGER NOT NULL,
                user_id TEXT NOT NULL,
                distance_m REAL NOT NULL,
                activities INTEGER NOT NULL,
                PRIMARY KEY (board_id, rank)
            ) WITHOUT ROWID;
            """),
        new(4, "races: organiser and privacy of race standings", """
            CREATE TABLE races (
                race_id TEXT PRIMARY KEY,
                organiser_id TEXT NOT NULL,
                is_private INTEGER NOT NULL DEFAULT 0
            );
            """),
        new(5, "best efforts of each activity summary (personal bests without point scans)", """
            CREATE TABLE best_efforts (
                activity_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                sport TEXT NOT NULL,
                name TEXT NOT NULL,
                time_s REAL NOT NULL,
                distance_m REAL NOT NULL,
                started_at_ms INTEGER NOT NULL,
                PRIMARY KEY (activity_id, name)
            ) WITHOUT ROWID;
            CREATE INDEX best_efforts_by_user ON best_efforts (user_id, sport, name, time_s);
            """),
    ];
}
