using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Splitstream.QueryApi;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Bench.Store;

/// <summary>
/// p50/p99 of GET /v1/activities/{id} with 32 concurrent clients against the query API on real Kestrel, over a SQLite
/// store of 1,000 activities × 3,000 points, and of GET /v1/users/{id}/stats for an athlete with 1,000 activities. The reader is a friend of every owner, so each request also runs the
/// friendship lookup of the privacy policy. Client and server share the machine's cores.
/// </summary>
internal static class ReadBenchmark
{
    /// <summary>The athlete of the stats figure: 1,000 finished activities, a friend of the reader.</summary>
    private const string Athlete = "athlete-1000";

    /// <summary>
    /// Latency percentiles, the process's CPU time (server and clients together) per measured request, and what the
    /// runtime did meanwhile (collections, pause time, JIT time, bytes allocated: what machine load does not change).
    /// </summary>
    public sealed record Latency(double P50, double P99, int Requests, double CpuMsPerRequest, string Runtime);

    public static async Task<(Latency Activity, Latency Stats)> RunAsync(string path, int activities, int pointsPerActivity, int athleteActivities, Action<string> report)
    {
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
        {
            File.Delete(f);
        }
        var ids = new List<string>(activities);
        await using (var store = new SqliteStore(path))
        {
            await store.MigrateAsync();
            var seed = Stopwatch.StartNew();
            var owners = Enumerable.Range(0, 50).Select(i => $"owner-{i}").ToList();
            foreach (var owner in owners)
            {
                await store.AddFriendshipAsync("reader", owner);
            }
            var polyline = string.Concat(Enumerable.Repeat("_p~iF~ps|U", 1200));
            for (var chunk = 0; chunk < activities; chunk += 20)
            {
                var rows = BenchRows.Generate(Math.Min(20, activities - chunk), pointsPerActivity, "read");
                await store.WriteGpsAsync(rows);
                var summaries = rows.Select(r => r.ActivityId).Distinct().Select((id, i) => new ActivitySummary
                {
                    ActivityId = id, UserId = owners[(chunk + i) % owners.Count], Sport = "run", Status = "finished",
                    StartedAtMs = rows[0].TimeMs, DistanceM = 10_000, MovingTimeS = 3000, ElapsedTimeS = 3050, AvgPaceSPerKm = 300,
                    AvgSpeedMps = 3.33, MaxSpeedMps = 5, ElevationGainM = 40, HrAvg = 150, HrMax = 180, PointsCount = pointsPerActivity,
                    Polyline = polyline, Splits = { Enumerable.Range(1, 10).Select(k => new Split { Km = k, TimeS = 300, PaceSPerKm = 300 }) },
                }).ToList();
                await store.UpsertSummariesAsync(summaries);
                ids.AddRange(summaries.Select(s => s.ActivityId));
            }
            report($"read store: {activities:N0} activities, {(long)activities * pointsPerActivity:N0} points seeded in {seed.Elapsed.TotalSeconds:F0} s");
            // Issue 16: stats of an athlete with 1,000 activities (summaries only; their points are not read), one every
            // 9 hours back from now, so the week, the year, all time and the streak each aggregate some of them.
            await store.AddFriendshipAsync("reader", Athlete);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            string[] sports = ["run", "ride", "walk"];
            await store.UpsertSummariesAsync([.. Enumerable.Range(0, athleteActivities).Select(k => new ActivitySummary
            {
                ActivityId = $"{Athlete}-{k}", UserId = Athlete, Sport = sports[k % sports.Length], Status = "finished",
                StartedAtMs = now - k * 9 * 3_600_000L, DistanceM = 5_000 + k % 17 * 500, MovingTimeS = 1500 + k % 13 * 60, ElapsedTimeS = 1600 + k % 13 * 60,
                AvgPaceSPerKm = 300, AvgSpeedMps = 3.3, MaxSpeedMps = 5, ElevationGainM = k % 50, HrAvg = 150, HrMax = 180, PointsCount = 1500,
            })]);
        }

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "127.0.0.1:9",
            ["SchemaRegistry:Url"] = "http://127.0.0.1:9",
            ["Auth:SigningKey"] = "bench-store-signing-key-0123456789abcdef",
            ["Store:SqlitePath"] = path,
        });
        builder.AddServiceDefaults();
        builder.AddQueryApi();
        await using var app = builder.Build();
        app.UseQueryApi();
        app.MapQueryApiV1();
        await app.StartAsync();
        var token = app.Services.GetRequiredService<TokenService>().Issue("reader", Roles.Analyst, TimeSpan.FromHours(1));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = new Uri(app.Urls.First()) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        string ActivityPath(Random random) => $"/v1/activities/{ids[random.Next(ids.Count)]}";
        static string StatsPath(Random random) => $"/v1/users/{Athlete}/stats";
        // Both routes warm up before either is measured, so the second does not measure the first's tier-up: rounds of
        // 2,000 (activity) and 500 (stats) requests until one spends under 2% of its time in the JIT.
        var activityWarmUp = await JitSettling.UntilSettledAsync(() => RunClientsAsync(http, ActivityPath, 2_000, null), minimumRounds: 2, maximumRounds: 31);
        var statsWarmUp = await JitSettling.UntilSettledAsync(() => RunClientsAsync(http, StatsPath, 500, null), minimumRounds: 2, maximumRounds: 31);
        report($"read warm-up: activity {activityWarmUp.Rounds * 2_000:N0} requests, {activityWarmUp.Describe()}; " +
            $"stats {statsWarmUp.Rounds * 500:N0} requests, {statsWarmUp.Describe()}");
        var activity = await MeasureAsync(http, ActivityPath, 20_000);
        var stats = await MeasureAsync(http, StatsPath, 5_000);
        await app.StopAsync();
        return (activity, stats);
    }

    private static async Task<Latency> MeasureAsync(HttpClient http, Func<Random, string> path, int requests)
    {
        var latencies = new List<double>();
        var (gen0, gen1, gen2, pause) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        var allocated = GC.GetTotalAllocatedBytes();
        var cpu = await RunClientsAsync(http, path, requests, latencies);
        var allocatedPerRequest = (GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / requests;
        latencies.Sort();
        return new Latency(latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], latencies.Count,
            cpu.TotalMilliseconds / latencies.Count,
            $"GC {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2} (gen0/1/2), " +
            $"pauses {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms, JIT {(System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds:F0} ms, " +
            $"{allocatedPerRequest:F1} KiB allocated per request");
    }

    /// <summary>Runs <paramref name="requests"/> requests over 32 clients; returns the process CPU time they took.</summary>
    private static async Task<TimeSpan> RunClientsAsync(HttpClient http, Func<Random, string> path, int requests, List<double>? latencies)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async client =>
        {
            var random = new Random(client);
            var mine = new List<double>();
            while (Interlocked.Increment(ref next) < requests)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(path(random), HttpCompletionOption.ResponseContentRead);
                response.EnsureSuccessStatusCode();
                mine.Add(clock.Elapsed.TotalMilliseconds);
            }
            if (latencies is not null)
            {
                lock (latencies)
                {
                    latencies.AddRange(mine);
                }
            }
        }));
        return Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    }
}
