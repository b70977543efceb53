using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Splitstream.Store;

/// <summary>
/// The embedded store's point-row insert, on SQLite's own statement API (SQLitePCLRaw, which Microsoft.Data.Sqlite
/// runs on) inside the caller's write transaction: parameters bound by position, and a batch's activity id bound once
/// per run of rows of the same activity (a binding lasts across <c>sqlite3_reset</c>). Microsoft.Data.Sqlite's command
/// looks every parameter up by name and encodes every string again on each execution: 3.05 CPU-µs per GPS row against
/// 1.5–2.0 here (scratch program, 1,000,000 rows in 20,000-row transactions, 2026-12-01). Point rows are most of what
/// the SQLite write gate is held for at 150,000 samples/s (issue 16).
/// </summary>
internal static class SqlitePointInserter
{
    public static void InsertGps(SqliteConnection connection, IReadOnlyList<GpsPoint> points) =>
        InsertAll(connection, points,
            "INSERT OR IGNORE INTO gps_points (activity_id, time_ms, lat, lon, ele, acc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            static p => p.ActivityId,
            static (db, statement, p) =>
            {
                Check(db, raw.sqlite3_bind_int64(statement, 2, p.TimeMs));
                Check(db, raw.sqlite3_bind_double(statement, 3, p.Lat));
                Check(db, raw.sqlite3_bind_double(statement, 4, p.Lon));
                Check(db, p.Ele is { } ele ? raw.sqlite3_bind_double(statement, 5, ele) : raw.sqlite3_bind_null(statement, 5));
                Check(db, p.Acc is { } acc ? raw.sqlite3_bind_double(statement, 6, acc) : raw.sqlite3_bind_null(statement, 6));
            });

    public static void InsertHeartRate(SqliteConnection connection, IReadOnlyList<HeartRatePoint> points) =>
        InsertAll(connection, points, "INSERT OR IGNORE INTO hr_points (activity_id, time_ms, bpm) VALUES (?1, ?2, ?3)",
            static p => p.ActivityId,
            static (db, statement, p) =>
            {
                Check(db, raw.sqlite3_bind_int64(statement, 2, p.TimeMs));
                Check(db, raw.sqlite3_bind_int(statement, 3, p.Bpm));
            });

    /// <summary>One prepared insert for every row: parameter 1 (the activity id) bound only when it changes.</summary>
    private static void InsertAll<T>(SqliteConnection connection, IReadOnlyList<T> rows, string sql, Func<T, string> activityOf,
        Action<sqlite3, sqlite3_stmt, T> bindRest)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var db = connection.Handle!;
        using var statement = Prepare(db, sql);
        string? bound = null;
        foreach (var row in rows)
        {
            var activity = activityOf(row);
            if (bound != activity)
            {
                Check(db, raw.sqlite3_bind_text(statement, 1, activity));
                bound = activity;
            }
            bindRest(db, statement, row);
            Step(db, statement);
        }
    }

    private static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        return statement;
    }

    private static void Step(sqlite3 db, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(statement);
            SqliteException.ThrowExceptionForRC(rc, db);
            throw new InvalidOperationException($"sqlite3_step answered {rc} to an insert");
        }
        raw.sqlite3_reset(statement);
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
