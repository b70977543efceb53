using System.Globalization;
using System.Text;

namespace Splitstream.Store;

/// <summary>
/// PostgreSQL schema. Point tables are hash-partitioned on activity_id (the Cassandra partition key) into
/// <see cref="PointPartitions"/> partitions, primary key (activity_id, time_ms) (the clustering key).
/// </summary>
internal static class PostgresMigrations
{
    public const int PointPartitions = 16;

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "activities, points, windows, users, friendships, goals", """
            CREATE TABLE users (
                user_id text PRIMARY KEY,
                display_name text NOT NULL DEFAULT '',
                public_activities boolean NOT NULL DEFAULT false
            );
            CREATE TABLE friendships (
                user_id text NOT NULL,
                friend_id text NOT NULL,
                PRIMARY KEY (user_id, friend_id)
            );
            CREATE TABLE goals (
                user_id text NOT NULL,
                sport text NOT NULL,
                period text NOT NULL,
                target_distance_m double precision NOT NULL,
                PRIMARY KEY (user_id, sport, period)
            );
            CREATE TABLE activities (
                activity_id text PRIMARY KEY,
                user_id text NOT NULL,
                sport text NOT NULL,
                status text NOT NULL,
                started_at_ms bigint NOT NULL,
                race_id text NOT NULL DEFAULT '',
                country text NOT NULL DEFAULT '',
                is_public boolean NULL,
                distance_m double precision NOT NULL DEFAULT 0,
                moving_time_s double precision NOT NULL DEFAULT 0,
                elapsed_time_s double precision NOT NULL DEFAULT 0,
                summary bytea NULL,
                etag text NULL
            );
            CREATE INDEX activities_by_user ON activities (user_id, started_at_ms DESC, activity_id DESC);
            CREATE TABLE gps_points (
                activity_id text NOT NULL,
                time_ms bigint NOT NULL,
                lat double precision NOT NULL,
                lon double precision NOT NULL,
                ele double precision NULL,
                acc double precision NULL,
                PRIMARY KEY (activity_id, time_ms)
            ) PARTITION BY HASH (activity_id);
            CREATE TABLE hr_points (
                activity_id text NOT NULL,
                time_ms bigint NOT NULL,
                bpm integer NOT NULL,
                PRIMARY KEY (activity_id, time_ms)
            ) PARTITION BY HASH (activity_id);
            CREATE TABLE window_metrics (
                activity_id text NOT NULL,
                window_start_ms bigint NOT NULL,
                window_end_ms bigint NOT NULL,
                distance_m double precision NOT NULL,
                moving_time_s double precision NOT NULL,
                pace_s_per_km double precision NOT NULL,
                hr_avg double precision NULL,
                samples integer NOT NULL,
                PRIMARY KEY (activity_id, window_start_ms)
            );
            """ + Partitions("gps_points") + Partitions("hr_points")),
        new(2, "seed the simulator's users", SeedData.Sql()),
        new(3, "goals by goal id (distance and frequency), goal revisions and progress, leaderboards", """
            CREATE TABLE goals_v3 (
                user_id text NOT NULL,
                goal_id text NOT NULL,
                sport text NOT NULL,
                kind text NOT NULL,
                period text NOT NULL,
                target_distance_m double precision NOT NULL DEFAULT 0,
                target_count integer NOT NULL DEFAULT 0,
                created_at_ms bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (user_id, goal_id)
            );
            INSERT INTO goals_v3 (user_id, goal_id, sport, kind, period, target_distance_m)
                SELECT user_id, 'distance:' || sport || ':' || period, sport, 'distance', period, target_distance_m FROM goals;
            DROP TABLE goals;
            ALTER TABLE goals_v3 RENAME TO goals;
            CREATE TABLE goal_revisions (
                user_id text PRIMARY KEY,
                revision bigint NOT NULL
            );
            CREATE TABLE goal_progress (
                user_id text NOT NULL,
                goal_id text NOT NULL,
                period_key text NOT NULL,
                value double precision NOT NULL,
                target double precision NOT NULL,
                activities integer NOT NULL,
                achieved_at_ms bigint NULL,
                updated_at_ms bigint NOT NULL,
                PRIMARY KEY (user_id, goal_id, period_key)
            );
            CREATE TABLE leaderboards (
                board_id text PRIMARY KEY,
                sport text NOT NULL,
                scope text NOT NULL,
                week text NOT NULL,
                updated_at_ms bigint NOT NULL,
                entries integer NOT NULL
            );
            CREATE TABLE leaderboard_entries (
                board_id text NOT NULL,
                rank integer NOT NULL,
                user_id text NOT NULL,
                distance_m double precision NOT NULL,
                activities integer NOT NULL,
                PRIMARY KEY (board_id, rank)
            );
            """),
        new(4, "races: organiser and privacy of race standings", """
            CREATE TABLE races (
                race_id text PRIMARY KEY,
                organiser_id text NOT NULL,
                is_private boolean NOT NULL DEFAULT false
            );
            """),
        new(5, "best efforts of each activity summary (personal bests without point scans)", """
            CREATE TABLE best_efforts (
                activity_id text NOT NULL,
                user_id text NOT NULL,
                sport text NOT NULL,
                name text NOT NULL,
                time_s double precision NOT NULL,
                distance_m double precision NOT NULL,
                started_at_ms bigint NOT NULL,
                PRIMARY KEY (activity_id, name)
            );
            CREATE INDEX best_efforts_by_user ON best_efforts (user_id, sport, name, time_s);
            """),
        new(7, "accounts: password hashes, refresh tokens, device credentials, friend requests, profile fields", """
            CREATE TABLE accounts (
                user_id text PRIMARY KEY,
                email text NOT NULL UNIQUE,
                password_hash text NOT NULL,
                role text NOT NULL,
                created_at_ms bigint NOT NULL
            );
            CREATE TABLE refresh_tokens (
                token_hash text PRIMARY KEY,
                user_id text NOT NULL,
                expires_at_ms bigint NOT NULL
            );
            CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);
            CREATE TABLE device_credentials (
                device_id text PRIMARY KEY,
                user_id text NOT NULL,
                name text NOT NULL,
                created_at_ms bigint NOT NULL,
                revoked_at_ms bigint NULL
            );
            CREATE INDEX device_credentials_by_user ON device_credentials (user_id);
            CREATE TABLE friend_requests (
                user_id text NOT NULL,
                friend_id text NOT NULL,
                created_at_ms bigint NOT NULL,
                PRIMARY KEY (user_id, friend_id)
            );
            ALTER TABLE users ADD COLUMN visibility text NOT NULL DEFAULT 'friends';
            ALTER TABLE users ADD COLUMN country text NULL;
            ALTER TABLE users ADD COLUMN weight_kg double precision NULL;
            ALTER TABLE users ADD COLUMN max_hr integer NULL;
            UPDATE users SET visibility = 'public' WHERE public_activities;
            """),
        new(8, "race objects: name, sport, start, course, checkpoints, registration, revision; participants", """
            ALTER TABLE races ADD COLUMN name text;
            ALTER TABLE races ADD COLUMN sport text;
            ALTER TABLE races ADD COLUMN scheduled_start_ms bigint;
            ALTER TABLE races ADD COLUMN course text;
            ALTER TABLE races ADD COLUMN checkpoints text;
            ALTER TABLE races ADD COLUMN registration_open boolean NOT NULL DEFAULT false;
            ALTER TABLE races ADD COLUMN created_at_ms bigint NOT NULL DEFAULT 0;
            ALTER TABLE races ADD COLUMN revision bigint NOT NULL DEFAULT 0;
            CREATE INDEX races_calendar ON races (is_private, scheduled_start_ms);
            CREATE TABLE race_participants (
                race_id text NOT NULL REFERENCES races (race_id),
                user_id text NOT NULL,
                bib text,
                registered_at_ms bigint NOT NULL,
                PRIMARY KEY (race_id, user_id)
            );
            CREATE UNIQUE INDEX race_participants_bib ON race_participants (race_id, bib);
            """),
        new(9, "notifications: inbox, settings, webhook endpoints and delivery jobs", """
            CREATE TABLE notifications (
                notification_id text PRIMARY KEY,
                user_id text NOT NULL,
                type text NOT NULL,
                occurred_at_ms bigint NOT NULL,
                period_key text NOT NULL,
                payload text NOT NULL,
                created_at_ms bigint NOT NULL,
                read_at_ms bigint NULL
            );
            CREATE INDEX notifications_by_user ON notifications (user_id, created_at_ms, notification_id);
            CREATE TABLE notification_settings (
                user_id text PRIMARY KEY,
                time_zone text NOT NULL,
                inactivity_days integer NOT NULL,
                goal_at_risk_percent double precision NOT NULL,
                weekly_summary boolean NOT NULL,
                revision bigint NOT NULL
            );
            CREATE TABLE webhook_endpoints (
                endpoint_id text PRIMARY KEY,
                owner_id text NOT NULL,
                user_filter text NOT NULL,
                url text NOT NULL,
                events text NOT NULL,
                secret text NOT NULL,
                status text NOT NULL,
                created_at_ms bigint NOT NULL
            );
            CREATE INDEX webhook_endpoints_by_owner ON webhook_endpoints (owner_id);
            CREATE INDEX webhook_endpoints_by_user ON webhook_endpoints (user_filter);
            CREATE TABLE webhook_deliveries (
                seq bigserial PRIMARY KEY,
                delivery_id text NOT NULL UNIQUE,
                endpoint_id text NOT NULL,
                notification_id text NOT NULL,
                type text NOT NULL,
                payload text NOT NULL,
                status text NOT NULL,
                attempts integer NOT NULL,
                created_at_ms bigint NOT NULL,
                next_attempt_at_ms bigint NOT NULL,
                deadline_ms bigint NOT NULL,
                last_attempt_at_ms bigint NULL,
                last_status_code integer NULL,
                last_error text NULL,
                delivered_at_ms bigint NULL
            );
            CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, status, seq);
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at_ms);
            """),
        new(10, "uploads (status, duplicates by external id or start time) and device laps", """
            CREATE TABLE uploads (
                upload_id text PRIMARY KEY,
                user_id text NOT NULL,
                activity_id text NOT NULL,
                external_id text NULL,
                started_at_ms bigint NOT NULL,
                format text NOT NULL,
                status text NOT NULL,
                reason text NULL,
                created_at_ms bigint NOT NULL
            );
            CREATE UNIQUE INDEX uploads_by_external_id ON uploads (user_id, external_id) WHERE status = 'accepted' AND external_id IS NOT NULL;
            CREATE UNIQUE INDEX uploads_by_start ON uploads (user_id, started_at_ms) WHERE status = 'accepted';
            CREATE TABLE activity_laps (
                activity_id text NOT NULL,
                lap_index integer NOT NULL,
                start_ms bigint NOT NULL,
                end_ms bigint NOT NULL,
                elapsed_time_s double precision NULL,
                timer_time_s double precision NULL,
                distance_m double precision NULL,
                avg_heart_rate integer NULL,
                max_heart_rate integer NULL,
                PRIMARY KEY (activity_id, lap_index)
            );
            """),
        new(11, "progress aggregates (each activity's contribution, per-user week and month buckets); duration and volume goals", """
            CREATE TABLE progress_contributions (
                activity_id text PRIMARY KEY,
                user_id text NOT NULL,
                sport text NOT NULL,
                week_key text NOT NULL,
                week_start_ms bigint NOT NULL,
                month_key text NOT NULL,
                month_start_ms bigint NOT NULL,
                distance_m double precision NOT NULL,
                moving_time_s double precision NOT NULL,
                elevation_gain_m double precision NOT NULL,
                volume_kg double precision NOT NULL
            );
            CREATE INDEX progress_contributions_by_week ON progress_contributions (user_id, sport, week_key);
            CREATE INDEX progress_contributions_by_month ON progress_contributions (user_id, sport, month_key);
            CREATE TABLE progress_buckets (
                user_id text NOT NULL,
                period text NOT NULL,
                start_ms bigint NOT NULL,
                sport text NOT NULL,
                period_key text NOT NULL,
                activities integer NOT NULL,
                distance_m double precision NOT NULL,
                moving_time_s double precision NOT NULL,
                elevation_gain_m double precision NOT NULL,
                volume_kg double precision NOT NULL,
                PRIMARY KEY (user_id, period, start_ms, sport)
            );
            ALTER TABLE goals ADD COLUMN target_duration_s double precision NOT NULL DEFAULT 0;
            ALTER TABLE goals ADD COLUMN target_volume_kg double precision NOT NULL DEFAULT 0;
            """),
        // The stats' totals as an index-only scan (see SqliteMigrations 12).
        new(12, "covering index for the stats' totals per user and sport", """
            CREATE INDEX activities_totals_by_user ON activities (user_id, sport, started_at_ms DESC) INCLUDE (distance_m, moving_time_s);
            """),
        // The stats' totals rollup (see SqliteMigrations 13), kept by one trigger function. Visibility is the activity's
        // flag as 1 / 0, or -1 for the user's default. The month is UTC's; thousandths are trunc(x·1000 + 0.5), as SQLite's
        // CAST of the same double, so the two stores hold the same integers.
        new(13, "stats totals rollup per user, sport, month and visibility, kept by triggers", """
            CREATE TABLE activity_totals (
                user_id text NOT NULL,
                sport text NOT NULL,
                month_start_ms bigint NOT NULL,
                visibility smallint NOT NULL,
                activities integer NOT NULL,
                distance_mm bigint NOT NULL,
                moving_time_ms bigint NOT NULL,
                PRIMARY KEY (user_id, sport, month_start_ms, visibility)
            );
            CREATE FUNCTION activity_totals_month(ms bigint) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN ((date_trunc('month', to_timestamp(ms::double precision / 1000) AT TIME ZONE 'UTC'))::date - DATE '1970-01-01')::bigint * 86400000;
            CREATE FUNCTION activity_totals_thousandths(value double precision) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN trunc(value * 1000 + 0.5)::bigint;
            INSERT INTO activity_totals (user_id, sport, month_start_ms, visibility, activities, distance_mm, moving_time_ms)
            SELECT user_id, sport, activity_totals_month(started_at_ms), COALESCE(is_public::int, -1), count(*),
                   sum(activity_totals_thousandths(distance_m)), sum(activity_totals_thousandths(moving_time_s))
            FROM activities
            GROUP BY 1, 2, 3, 4;
            CREATE FUNCTION activity_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND OLD.user_id = NEW.user_id AND OLD.sport = NEW.sport AND OLD.started_at_ms = NEW.started_at_ms
                   AND OLD.is_public IS NOT DISTINCT FROM NEW.is_public THEN
                    -- A live summary: the same row of the rollup, one keyed update by the difference. (A start moved
                    -- within its month takes the general path below: correct, one statement more.)
                    UPDATE activity_totals t
                    SET distance_mm = t.distance_mm + activity_totals_thousandths(NEW.distance_m) - activity_totals_thousandths(OLD.distance_m),
                        moving_time_ms = t.moving_time_ms + activity_totals_thousandths(NEW.moving_time_s) - activity_totals_thousandths(OLD.moving_time_s)
                    WHERE t.user_id = NEW.user_id AND t.sport = NEW.sport AND t.month_start_ms = activity_totals_month(NEW.started_at_ms)
                      AND t.visibility = COALESCE(NEW.is_public::int, -1);
                    RETURN NULL;
                END IF;
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    UPDATE activity_totals t
                    SET activities = t.activities - 1,
                        distance_mm = t.distance_mm - activity_totals_thousandths(OLD.distance_m),
                        moving_time_ms = t.moving_time_ms - activity_totals_thousandths(OLD.moving_time_s)
                    WHERE t.user_id = OLD.user_id AND t.sport = OLD.sport AND t.month_start_ms = activity_totals_month(OLD.started_at_ms)
                      AND t.visibility = COALESCE(OLD.is_public::int, -1);
                END IF;
                IF TG_OP IN ('UPDATE', 'INSERT') THEN
                    INSERT INTO activity_totals AS t (user_id, sport, month_start_ms, visibility, activities, distance_mm, moving_time_ms)
                    VALUES (NEW.user_id, NEW.sport, activity_totals_month(NEW.started_at_ms), COALESCE(NEW.is_public::int, -1), 1,
                            activity_totals_thousandths(NEW.distance_m), activity_totals_thousandths(NEW.moving_time_s))
                    ON CONFLICT (user_id, sport, month_start_ms, visibility) DO UPDATE SET
                        activities = t.activities + 1, distance_mm = t.distance_mm + EXCLUDED.distance_mm,
                        moving_time_ms = t.moving_time_ms + EXCLUDED.moving_time_ms;
                END IF;
                RETURN NULL;
            END
            $$;
            CREATE TRIGGER activity_totals_on_insert AFTER INSERT ON activities
                FOR EACH ROW EXECUTE FUNCTION activity_totals_apply();
            CREATE TRIGGER activity_totals_on_delete AFTER DELETE ON activities
                FOR EACH ROW EXECUTE FUNCTION activity_totals_apply();
            CREATE TRIGGER activity_totals_on_update AFTER UPDATE OF user_id, sport, started_at_ms, is_public, distance_m, moving_time_s ON activities
                FOR EACH ROW
                WHEN ((OLD.user_id, OLD.sport, OLD.started_at_ms, OLD.is_public, OLD.distance_m, OLD.moving_time_s)
                      IS DISTINCT FROM (NEW.user_id, NEW.sport, NEW.started_at_ms, NEW.is_public, NEW.distance_m, NEW.moving_time_s))
                EXECUTE FUNCTION activity_totals_apply();
            DROP INDEX activities_totals_by_user;
            """),
        // The polyline apart from the summary row, in chunks (see SqliteMigrations 14).
        new(14, "activity polylines in chunks apart from the summary row", """
            CREATE TABLE activity_polylines (
                activity_id text NOT NULL,
                chunk integer NOT NULL,
                hash bigint NOT NULL,
                text text NOT NULL,
                PRIMARY KEY (activity_id, chunk)
            );
            """),
    ];

    private static string Partitions(string table)
    {
        var sql = new StringBuilder();
        for (var i = 0; i < PointPartitions; i++)
        {
            sql.Append(CultureInfo.InvariantCulture,
                $"CREATE TABLE {table}_p{i} PARTITION OF {table} FOR VALUES WITH (MODULUS {PointPartitions}, REMAINDER {i});\n");
        }
        return sql.ToString();
    }
}
