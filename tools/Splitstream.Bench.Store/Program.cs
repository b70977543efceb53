using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Splitstream.Bench;
using Splitstream.Bench.Store;
using Splitstream.Store;

// make bench-store: rows/s into PostgreSQL through the sink's write path (binary COPY into staging + ON CONFLICT merge)
// against `psql \copy` of the same rows into the same empty table in the same run; rows/s into SQLite; p99 latency of
// GET /v1/activities/{id} with 32 concurrent clients over a store of 1,000 activities and 3 million points.
// Options: --rows N (write benchmarks), --batch N (rows per sink write), --read-activities N, --read-points N,
// --athlete-activities N (the stats figure's athlete), --skip-reads, --reads-only (no write benchmarks, no PostgreSQL;
// results in bench/out/bench-store-reads.txt). A full run writes its results to bench/out/bench-store-summary.txt: not
// bench-store.txt, which make bench tees the console (with the #16 rows) into.
var arguments = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length && !args[x.i + 1].StartsWith("--", StringComparison.Ordinal) ? args[x.i + 1] : "true");
int Option(string name, int fallback) => arguments.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
var readsOnly = arguments.ContainsKey("reads-only");
var rowCount = Option("rows", 2_000_000);
var batch = Option("batch", 20_000);
var root = BenchDatabase.FindRepositoryRoot();
var outDirectory = Path.Combine(root, "bench", "out");
Directory.CreateDirectory(outDirectory);
var results = new List<string>();
void Report(string line)
{
    Console.WriteLine(line);
    results.Add(line);
}

var sqlitePath = Path.Combine(outDirectory, "bench-store.db");
if (!readsOnly)
{
    var rows = BenchRows.Generate(rowCount / 3600, 3600, "bench");
    Report($"rows: {rows.Count:N0} ({rows.Count / 3600} activities x 3600 points), sink batch {batch:N0} rows");

    // SQLite: a fresh file, the store's write path.
    foreach (var f in Directory.GetFiles(outDirectory, "bench-store.db*"))
    {
        File.Delete(f);
    }
    await using (var sqlite = new SqliteStore(sqlitePath))
    {
        await sqlite.MigrateAsync();
        var sqliteRate = await WriteAsync(sqlite, rows, batch);
        Report($"sqlite store:        {sqliteRate,12:N0} rows/s (target >= 200,000)");
        TargetFigures.AtLeast("store: SQLite rows/s, store write path, 20,000-row batches", sqliteRate, 200_000, "rows/s");
    }

    // PostgreSQL: a fresh database; the psql \copy baseline and the sink path each into the same empty, partitioned table.
    await using var database = await BenchDatabase.CreateAsync(root, arguments.GetValueOrDefault("postgres"));
    var connection = database.ConnectionString;
    { // its own scope: the stores close before the database is dropped
        await using var postgres = new PostgresStore(connection);
        await using var mergeOnly = new PostgresStore(connection, optimisticCopy: false);
        await postgres.MigrateAsync();
        var csv = Path.Combine(outDirectory, "bench-points.csv");
        BenchRows.WriteCsv(rows, csv);
        var copyRates = new List<double>();
        var sinkRates = new List<double>();
        var mergeRates = new List<double>();
        // Two rounds, alternating, so neither side benefits from going second (warm caches, autovacuum).
        for (var round = 0; round < 2; round++)
        {
            await BenchDatabase.ExecuteAsync(connection, "TRUNCATE gps_points; CHECKPOINT");
            copyRates.Add(rows.Count / PsqlCopySeconds(connection, csv));
            await BenchDatabase.ExecuteAsync(connection, "TRUNCATE gps_points; CHECKPOINT");
            sinkRates.Add(await WriteAsync(postgres, rows, batch));
            await BenchDatabase.ExecuteAsync(connection, "TRUNCATE gps_points; CHECKPOINT");
            mergeRates.Add(await WriteAsync(mergeOnly, rows, batch));
        }
        // The whole sink through Kafka (embedded cluster): consume, decode, write, commit.
        await BenchDatabase.ExecuteAsync(connection, "TRUNCATE gps_points; CHECKPOINT");
        // librdkafka's mock cluster keeps at most 5 MiB per partition (hard-coded) and drops the oldest beyond it, so the
        // whole-sink figure takes the first rows up to what it holds; the rest is written directly before the re-delivery.
        var kafkaRows = rows.Take(KafkaSinkBenchmark.MaxRows).ToList();
        var throughKafka = await KafkaSinkBenchmark.RunAsync(postgres, kafkaRows, batch);
        if (kafkaRows.Count < rows.Count)
        {
            await WriteAsync(postgres, rows.Skip(kafkaRows.Count).ToList(), batch);
        }
        // Re-delivery of every row: all of it takes the merge path, and the table keeps one row per sample.
        var redelivery = await WriteAsync(postgres, rows, batch);
        var stored = await ScalarAsync(connection, "SELECT count(*) FROM gps_points");
        if (stored != rows.Count || await ScalarAsync(connection, "SELECT count(*) FROM gps_points") != rows.Count)
        {
            throw new InvalidOperationException($"PostgreSQL holds {stored} rows, expected {rows.Count}");
        }
        var copy = copyRates.Max();
        var sink = sinkRates.Max();
        Report($"postgres psql \\copy: {copy,12:N0} rows/s (baseline, best of {copyRates.Count})");
        Report($"postgres sink path:  {sink,12:N0} rows/s (best of {sinkRates.Count}) = {sink / copy:P0} of the baseline (target >= 70%); binary COPY, merge on conflict");
        Report($"postgres sink via Kafka: {throughKafka,8:N0} rows/s = {throughKafka / copy:P0} of the baseline (embedded cluster -> consumer -> decode -> store -> commit; {kafkaRows.Count:N0} rows)");
        Report($"postgres merge only: {mergeRates.Max(),12:N0} rows/s = {mergeRates.Max() / copy:P0} of the baseline (COPY to staging + INSERT ON CONFLICT for every batch)");
        Report($"postgres re-delivery of all rows: {redelivery,12:N0} rows/s ({postgres.MergedBatches} batches merged, table still {stored:N0} rows)");
        TargetFigures.Ratio("store: PostgreSQL sink path ÷ psql \\copy", sink, copy, 0.7, "rows/s");
        File.Delete(csv);
    }
}

if (!arguments.ContainsKey("skip-reads"))
{
    var (activity, stats) = await ReadBenchmark.RunAsync(sqlitePath + ".reads", Option("read-activities", 1000), Option("read-points", 3000),
        Option("athlete-activities", 1000), Report);
    Report($"GET /v1/activities/{{id}}: 32 clients, {activity.Requests:N0} requests: p50 {activity.P50:F2} ms, p99 {activity.P99:F2} ms (target p99 < 20 ms)");
    Report($"GET /v1/users/{{id}}/stats, athlete with {Option("athlete-activities", 1000):N0} activities: 32 clients, {stats.Requests:N0} requests: p50 {stats.P50:F2} ms, p99 {stats.P99:F2} ms (target p99 < 50 ms)");
    Report($"CPU per request (server and clients, one process): activity {activity.CpuMsPerRequest:F3} ms ({activity.Runtime}), stats {stats.CpuMsPerRequest:F3} ms ({stats.Runtime}); load average {File.ReadAllText("/proc/loadavg").Trim()}");
    TargetFigures.AtMost($"store: GET /v1/activities/{{id}} p99, 32 clients, {(long)Option("read-activities", 1000) * Option("read-points", 3000):N0} points", activity.P99, 20, "ms", $"p50 {activity.P50:F2} ms");
    TargetFigures.AtMost($"store: GET /v1/users/{{id}}/stats p99, 32 clients, athlete with {Option("athlete-activities", 1000):N0} activities", stats.P99, 50, "ms", $"p50 {stats.P50:F2} ms");
}

// Not bench-store.txt: make bench tees this stage's console (with its #16 rows, which results.md gathers) into that file,
// and writing it here replaced them (results.md's bench-store table came out empty).
await File.WriteAllLinesAsync(Path.Combine(outDirectory, readsOnly ? "bench-store-reads.txt" : "bench-store-summary.txt"), results);
return;

static async Task<double> WriteAsync(ISplitstreamStore store, List<GpsPoint> rows, int batch)
{
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < rows.Count; i += batch)
    {
        await store.WriteGpsAsync(rows.GetRange(i, Math.Min(batch, rows.Count - i)));
    }
    return rows.Count / clock.Elapsed.TotalSeconds;
}

static double PsqlCopySeconds(string connection, string csv)
{
    var c = new NpgsqlConnectionStringBuilder(connection);
    var start = new ProcessStartInfo("psql", ["-q", "-v", "ON_ERROR_STOP=1", "-h", c.Host!, "-p", c.Port.ToString(CultureInfo.InvariantCulture),
        "-U", c.Username!, "-d", c.Database!, "-c", $"\\copy gps_points (activity_id, time_ms, lat, lon, ele, acc) FROM '{csv}' WITH (FORMAT csv)"])
    {
        RedirectStandardError = true,
    };
    start.Environment["PGPASSWORD"] = c.Password;
    var clock = Stopwatch.StartNew();
    using var psql = Process.Start(start)!;
    var error = psql.StandardError.ReadToEnd();
    psql.WaitForExit();
    var seconds = clock.Elapsed.TotalSeconds;
    if (psql.ExitCode != 0)
    {
        throw new InvalidOperationException("psql \\copy failed: " + error);
    }
    return seconds;
}

static async Task<long> ScalarAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

