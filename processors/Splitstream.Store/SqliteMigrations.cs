namespace Splitstream.Store;

/// <summary>SQLite schema of the main file. Point tables are WITHOUT ROWID: stored clustered by (activity_id, time_ms) like the
/// Cassandra table; since version <see cref="PointsMovedOut"/> they live in their own file (<see cref="SqlitePointsMigrations"/>).</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "activities, points, windows, users, friendships, goals", $"""
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
            {SqlitePointsMigrations.PointTables}
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
        new(8, "race objects: name, sport, start, course, checkpoints, registration, revision; participants", """
            ALTER TABLE races ADD COLUMN name TEXT;
            ALTER TABLE races ADD COLUMN sport TEXT;
            ALTER TABLE races ADD COLUMN scheduled_start_ms INTEGER;
            ALTER TABLE races ADD COLUMN course TEXT;
            ALTER TABLE races ADD COLUMN checkpoints TEXT;
            ALTER TABLE races ADD COLUMN registration_open INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE races ADD COLUMN created_at_ms INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE races ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX races_calendar ON races (is_private, scheduled_start_ms);
            CREATE TABLE race_participants (
                race_id TEXT NOT NULL REFERENCES races (race_id),
                user_id TEXT NOT NULL,
                bib TEXT,
                registered_at_ms INTEGER NOT NULL,
                PRIMARY KEY (race_id, user_id)
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX race_participants_bib ON race_participants (race_id, bib);
            """),
        new(9, "notifications: inbox, settings, webhook endpoints and delivery jobs", """
            CREATE TABLE notifications (
                notification_id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                type TEXT NOT NULL,
                occurred_at_ms INTEGER NOT NULL,
                period_key TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL,
                read_at_ms INTEGER NULL
            );
            CREATE INDEX notifications_by_user ON notifications (user_id, created_at_ms, notification_id);
            CREATE TABLE notification_settings (
                user_id TEXT PRIMARY KEY,
                time_zone TEXT NOT NULL,
                inactivity_days INTEGER NOT NULL,
                goal_at_risk_percent REAL NOT NULL,
                weekly_summary INTEGER NOT NULL,
                revision INTEGER NOT NULL
            );
            CREATE TABLE webhook_endpoints (
                endpoint_id TEXT PRIMARY KEY,
                owner_id TEXT NOT NULL,
                user_filter TEXT NOT NULL,
                url TEXT NOT NULL,
                events TEXT NOT NULL,
                secret TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL
            );
            CREATE INDEX webhook_endpoints_by_owner ON webhook_endpoints (owner_id);
            CREATE INDEX webhook_endpoints_by_user ON webhook_endpoints (user_filter);
            CREATE TABLE webhook_deliveries (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                delivery_id TEXT NOT NULL UNIQUE,
                endpoint_id TEXT NOT NULL,
                notification_id TEXT NOT NULL,
                type TEXT NOT NULL,
                payload TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                created_at_ms INTEGER NOT NULL,
                next_attempt_at_ms INTEGER NOT NULL,
                deadline_ms INTEGER NOT NULL,
                last_attempt_at_ms INTEGER NULL,
                last_status_code INTEGER NULL,
                last_error TEXT NULL,
                delivered_at_ms INTEGER NULL
            );
            CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, status, seq);
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at_ms);
            """),
        new(10, "uploads (status, duplicates by external id or start time) and device laps", """
            CREATE TABLE uploads (
                upload_id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                activity_id TEXT NOT NULL,
                external_id TEXT NULL,
                started_at_ms INTEGER NOT NULL,
                format TEXT NOT NULL,
                status TEXT NOT NULL,
                reason TEXT NULL,
                created_at_ms INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX uploads_by_external_id ON uploads (user_id, external_id) WHERE status = 'accepted' AND external_id IS NOT NULL;
            CREATE UNIQUE INDEX uploads_by_start ON uploads (user_id, started_at_ms) WHERE status = 'accepted';
            CREATE TABLE activity_laps (
                activity_id TEXT NOT NULL,
                lap_index INTEGER NOT NULL,
                start_ms INTEGER NOT NULL,
                end_ms INTEGER NOT NULL,
                elapsed_time_s REAL NULL,
                timer_time_s REAL NULL,
                distance_m REAL NULL,
                avg_heart_rate INTEGER NULL,
                max_heart_rate INTEGER NULL,
                PRIMARY KEY (activity_id, lap_index)
            ) WITHOUT ROWID;
            """),
        new(11, "progress aggregates (each activity's contribution, per-user week and month buckets); duration and volume goals", """
            CREATE TABLE progress_contributions (
                activity_id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                sport TEXT NOT NULL,
                week_key TEXT NOT NULL,
                week_start_ms INTEGER NOT NULL,
                month_key TEXT NOT NULL,
                month_start_ms INTEGER NOT NULL,
                distance_m REAL NOT NULL,
                moving_time_s REAL NOT NULL,
                elevation_gain_m REAL NOT NULL,
                volume_kg REAL NOT NULL
            );
            CREATE INDEX progress_contributions_by_week ON progress_contributions (user_id, sport, week_key);
            CREATE INDEX progress_contributions_by_month ON progress_contributions (user_id, sport, month_key);
            CREATE TABLE progress_buckets (
                user_id TEXT NOT NULL,
                period TEXT NOT NULL,
                start_ms INTEGER NOT NULL,
                sport TEXT NOT NULL,
                period_key TEXT NOT NULL,
                activities INTEGER NOT NULL,
                distance_m REAL NOT NULL,
                moving_time_s REAL NOT NULL,
                elevation_gain_m REAL NOT NULL,
                volume_kg REAL NOT NULL,
                PRIMARY KEY (user_id, period, start_ms, sport)
            ) WITHOUT ROWID;
            ALTER TABLE goals ADD COLUMN target_duration_s REAL NOT NULL DEFAULT 0;
            ALTER TABLE goals ADD COLUMN target_volume_kg REAL NOT NULL DEFAULT 0;
            """),
        // The stats' totals read only this index (no row lookups into activities, whose rows carry the summary blob) and
        // group in its order (no temporary B-tree): for 1,000 activities about a quarter of the CPU of the scan of
        // activities_by_user with row lookups. Within a sport the order is activities_by_user's, newest first.
        new(12, "covering index for the stats' totals per user and sport", """
            CREATE INDEX activities_totals_by_user ON activities (user_id, sport, started_at_ms DESC, distance_m, moving_time_s);
            """),
        // The stats' totals from a rollup instead of a scan of the user's activities (IActivityTotalsStore says why and
        // how): per user, sport, UTC month and visibility, kept by triggers so every writer of activities keeps it
        // current, in whole millimetres and milliseconds so the sums are exact whatever order updates come in. Filled
        // from the activities already stored. The covering index it replaces cost an entry rewrite per live summary.
        new(13, "stats totals rollup per user, sport, month and visibility, kept by triggers", $"""
            CREATE TABLE activity_totals (
                user_id TEXT NOT NULL,
                sport TEXT NOT NULL,
                month_start_ms INTEGER NOT NULL,
                visibility INTEGER NOT NULL,
                activities INTEGER NOT NULL,
                distance_mm INTEGER NOT NULL,
                moving_time_ms INTEGER NOT NULL,
                PRIMARY KEY (user_id, sport, month_start_ms, visibility)
            ) WITHOUT ROWID;
            INSERT INTO activity_totals (user_id, sport, month_start_ms, visibility, activities, distance_mm, moving_time_ms)
            SELECT user_id, sport, {Month("started_at_ms")}, COALESCE(is_public, -1), COUNT(*),
                   SUM({Thousandths("distance_m")}), SUM({Thousandths("moving_time_s")})
            FROM activities
            GROUP BY 1, 2, 3, 4;
            CREATE TRIGGER activity_totals_on_insert AFTER INSERT ON activities BEGIN
                {AddToTotals("NEW")}
            END;
            CREATE TRIGGER activity_totals_on_delete AFTER DELETE ON activities BEGIN
                {SubtractFromTotals("OLD")}
            END;
            -- A live summary changes the figures and keeps the key: one keyed update by the difference.
            CREATE TRIGGER activity_totals_on_figures AFTER UPDATE OF distance_m, moving_time_s ON activities
            WHEN {SameKey} AND (OLD.distance_m IS NOT NEW.distance_m OR OLD.moving_time_s IS NOT NEW.moving_time_s) BEGIN
                UPDATE activity_totals
                SET distance_mm = distance_mm + {Thousandths("NEW.distance_m")} - {Thousandths("OLD.distance_m")},
                    moving_time_ms = moving_time_ms + {Thousandths("NEW.moving_time_s")} - {Thousandths("OLD.moving_time_s")}
                WHERE {KeyOf("NEW")};
            END;
            CREATE TRIGGER activity_totals_on_key AFTER UPDATE OF user_id, sport, started_at_ms, is_public ON activities
            WHEN NOT ({SameKey}) BEGIN
                {SubtractFromTotals("OLD")}
                {AddToTotals("NEW")}
            END;
            DROP INDEX activities_totals_by_user;
            """),
        // The polyline apart from the summary row, in chunks of SqlStore.PolylineChunkChars (issue 16): a live summary
        // rewrote its whole blob, polyline included, on every upsert, so an activity's bytes written grew with the square
        // of its length; now an upsert rewrites the chunks whose hash changed (the last one, as a track grows). Summaries
        // stored before keep their polyline in the blob until their next upsert; reads take it from there then.
        new(14, "activity polylines in chunks apart from the summary row", """
            CREATE TABLE activity_polylines (
                activity_id TEXT NOT NULL,
                chunk INTEGER NOT NULL,
                hash INTEGER NOT NULL,
                text TEXT NOT NULL,
                PRIMARY KEY (activity_id, chunk)
            );
            """),
        // SqliteStore copies the points into their own file before this runs (CopyPointsOutAsync): see PointsMovedOut.
        new(PointsMovedOut, "point series moved to their own file (SqliteStore.PointsPath), with a writer of their own", """
            DROP TABLE gps_points;
            DROP TABLE hr_points;
            """),
    ];

    /// <summary>
    /// The version that drops the point tables of the main file: their rows are in the points file by then
    /// (<see cref="SqlitePointsMigrations"/>, copied by <see cref="SqliteStore"/> before this version is applied).
    /// </summary>
    public const int PointsMovedOut = 15;

    /// <summary>The UTC month start, in epoch milliseconds, of an epoch-milliseconds column or expression.</summary>
    private static string Month(string ms) => $"CAST(strftime('%s', {ms} / 1000.0, 'unixepoch', 'start of month') AS INTEGER) * 1000";

    /// <summary>
    /// A non-negative figure in whole thousandths (mm, ms), rounded half up. PostgresMigrations rounds the same way
    /// (trunc of x·1000 + 0.5), so both stores hold the same integers for the same doubles.
    /// </summary>
    private static string Thousandths(string value) => $"CAST({value} * 1000 + 0.5 AS INTEGER)";

    private static string KeyOf(string row) =>
        $"user_id = {row}.user_id AND sport = {row}.sport AND month_start_ms = {Month(row + ".started_at_ms")} AND visibility = COALESCE({row}.is_public, -1)";

    /// <summary>The update keeps the rollup row: same user, sport, visibility and month (the month computed only when the start moved).</summary>
    private static string SameKey => "OLD.user_id IS NEW.user_id AND OLD.sport IS NEW.sport AND OLD.is_public IS NEW.is_public"
        + $" AND (OLD.started_at_ms = NEW.started_at_ms OR {Month("OLD.started_at_ms")} = {Month("NEW.started_at_ms")})";

    private static string AddToTotals(string row) => $"""
        INSERT INTO activity_totals (user_id, sport, month_start_ms, visibility, activities, distance_mm, moving_time_ms)
                VALUES ({row}.user_id, {row}.sport, {Month(row + ".started_at_ms")}, COALESCE({row}.is_public, -1), 1,
                        {Thousandths(row + ".distance_m")}, {Thousandths(row + ".moving_time_s")})
                ON CONFLICT (user_id, sport, month_start_ms, visibility) DO UPDATE SET
                    activities = activities + 1, distance_mm = distance_mm + excluded.distance_mm,
                    moving_time_ms = moving_time_ms + excluded.moving_time_ms;
        """;

    private static string SubtractFromTotals(string row) => $"""
        UPDATE activity_totals
                SET activities = activities - 1, distance_mm = distance_mm - {Thousandths(row + ".distance_m")},
                    moving_time_ms = moving_time_ms - {Thousandths(row + ".moving_time_s")}
                WHERE {KeyOf(row)};
        """;
}
