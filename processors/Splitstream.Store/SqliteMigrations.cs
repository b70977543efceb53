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
        new(7, "accounts: password hashes, refresh tokens, device credentials, friend requests, profile fields", """
            CREATE TABLE accounts (
                user_id TEXT PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL
            );
            CREATE TABLE refresh_tokens (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                expires_at_ms INTEGER NOT NULL
            );
            CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);
            CREATE TABLE device_credentials (
                device_id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                name TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL,
                revoked_at_ms INTEGER NULL
            );
            CREATE INDEX device_credentials_by_user ON device_credentials (user_id);
            CREATE TABLE friend_requests (
                user_id TEXT NOT NULL,
                friend_id TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL,
                PRIMARY KEY (user_id, friend_id)
            ) WITHOUT ROWID;
            ALTER TABLE users ADD COLUMN visibility TEXT NOT NULL DEFAULT 'friends';
            ALTER TABLE users ADD COLUMN country TEXT NULL;
            ALTER TABLE users ADD COLUMN weight_kg REAL NULL;
            ALTER TABLE users ADD COLUMN max_hr INTEGER NULL;
            UPDATE users SET visibility = 'public' WHERE public_activities = 1;
            """),
    ];
}
