using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;
using Splitstream.Streams;
using Xunit.Abstractions;

namespace Splitstream.Races.Tests;

/// <summary>
/// Issue 16's scale-out: two processors hosts in one consumer group per topology and two gateways, on one embedded
/// cluster and one store, with the load split across the gateways, end with exactly what one host and one gateway end
/// with for the same input: the stored summaries, the stored points, the leaderboards and the final race standings.
/// The oracle is the single-instance run of the same workload (the single path has its own accuracy tests). Nothing
/// here is timed; the throughput of the same configuration is `make bench-scaleout`.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int Partitions = 4;
    private const int Walkers = 4;
    private const int Racers = 4;
    private const int BatchesPerActivity = 6;
    private const int SamplesPerBatch = 30;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);
    private int retriedUnavailable;

    [Fact]
    public async Task Two_processors_and_two_gateways_end_with_the_results_of_one()
    {
        // Samples from 30 s ago onwards (the newest up to 150 s ahead, inside the gateway's 5 min skew): live, not late.
        var startMs = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 30_000) / 1000 * 1000;
        var workload = Workload.Create(startMs);
        var single = await RunAsync(1, workload);
        var scaled = await RunAsync(2, workload);
        output.WriteLine($"single instance: {single.Split('\n').Length} lines of results; two instances: {scaled.Split('\n').Length}; " +
            $"{retriedUnavailable} requests answered 503 and retried");
        Assert.Equal(single, scaled);
    }

    /// <summary>Runs the workload through <paramref name="instances"/> processors hosts and gateways; the settled results as text.</summary>
    private async Task<string> RunAsync(int instances, Workload workload)
    {
        await using var platform = await EmbeddedPlatform.StartAsync(partitions: Partitions);
        var directory = Directory.CreateTempSubdirectory("splitstream-scale-out-").FullName;
        var storePath = Path.Combine(directory, "splitstream.db");
        var hosts = new List<ProcessorsHost>();
        var settled = false;
        var gateways = new List<IngestGateway>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                hosts.Add(await ProcessorsHost.StartAsync(platform, everything: true, new Dictionary<string, string?>
                {
                    ["Store:SqlitePath"] = storePath,
                    ["Processors:StateDir"] = Path.Combine(directory, $"state-{i}"),
                }));
            }
            for (var i = 0; i < instances; i++)
            {
                gateways.Add(await IngestGateway.StartAsync(platform, new Dictionary<string, string?> { ["Store:SqlitePath"] = storePath }));
            }
            await using (var store = new SqliteStore(storePath))
            {
                await store.CreateRaceAsync(new RaceDetails(Workload.RaceId, "organiser", "scale-out race", "run", workload.StartMs, [], [], false, false, workload.StartMs, 1));
                foreach (var racer in workload.Activities.Where(a => a.RaceId.Length > 0))
                {
                    Assert.Equal(ParticipantOutcome.Added, await store.AddParticipantAsync(Workload.RaceId, racer.UserId, null, workload.StartMs));
                }
            }
            foreach (var host in hosts)
            {
                await host.WaitForRaceTopologiesAsync();
            }

            // Each activity's batches in order, one at a time (a 202 means Kafka has it), alternating between the gateways.
            var clients = gateways.Select(g => new HttpClient { BaseAddress = g.BaseUrl, Timeout = TimeSpan.FromSeconds(60) }).ToList();
            try
            {
                await Task.WhenAll(workload.Activities.Select((activity, k) => SendAsync(clients, k, activity, workload)));
            }
            finally
            {
                clients.ForEach(c => c.Dispose());
            }

            var expectedPoints = workload.Activities.Count * BatchesPerActivity * SamplesPerBatch;
            string? previous = null;
            for (var deadline = DateTime.UtcNow + Settle; ; await Task.Delay(500))
            {
                var results = await ResultsAsync(storePath, platform);
                var done = results.Points == expectedPoints && results.Finished == workload.Activities.Count && results.RacersFinished == Racers
                    && results.BoardsBehind == 0;
                if (done && results.Text == previous)
                {
                    output.WriteLine($"{instances} instance(s): settled with {results.Points} points, {results.Finished} finished activities");
                    if (instances > 1)
                    {
                        // Both instances took part: every hosted topology's group gave each instance some of its tasks.
                        foreach (var host in hosts)
                        {
                            var runtimes = host.Services.GetServices<IHostedService>().OfType<StreamsHostedService>().Select(s => s.Runtime).ToList();
                            Assert.Contains(runtimes, r => r is { AssignedTasks.Count: > 0 });
                        }
                    }
                    settled = true;
                    return results.Text;
                }
                Assert.True(DateTime.UtcNow < deadline,
                    $"{instances} instance(s): not settled after {Settle.TotalSeconds:0} s: {results.Points}/{expectedPoints} points, " +
                    $"{results.Finished}/{workload.Activities.Count} finished, {results.RacersFinished}/{Racers} racers finished, " +
                    $"{results.BoardsBehind} users' global or country board entries behind their activities");
                previous = done ? results.Text : null;
            }
        }
        finally
        {
            foreach (var gateway in gateways)
            {
                await gateway.DisposeAsync();
            }
            // Together: one by one, the first to stop would hand its tasks to the other, which restores them only to stop too.
            var stopClock = System.Diagnostics.Stopwatch.StartNew();
            var stopping = Task.WhenAll(hosts.Select(h => h.DisposeAsync().AsTask()));
            try
            {
                await stopping;
                output.WriteLine($"{instances} instance(s) stopped in {stopClock.Elapsed.TotalSeconds:F1} s");
            }
            catch (Exception e) when (!settled)
            {
                // The run already failed: that failure is the one the test reports; this one goes to its output.
                output.WriteLine($"{instances} instance(s): stopping after the failure also failed: {e.Message}");
            }
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task SendAsync(IReadOnlyList<HttpClient> gateways, int k, Workload.Activity activity, Workload workload)
    {
        var token = new AuthenticationHeaderValue("Bearer", IngestGateway.Tokens.Issue(activity.UserId, Roles.Device, TimeSpan.FromHours(1)));
        async Task PostAsync(int gateway, string path, Func<HttpContent> content)
        {
            // A gateway learns of an activity another gateway started from activity.events.v1, a moment later; a request
            // that arrives first waits for its registry to read the log's end (never a 404). A 503 (registry behind at
            // its deadline, on a loaded machine) is retried as a device does.
            for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(200))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content() };
                request.Headers.Authorization = token;
                using var response = await gateways[gateway % gateways.Count].SendAsync(request);
                if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
                {
                    Interlocked.Increment(ref retriedUnavailable);
                    continue;
                }
                Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return;
            }
        }
        await PostAsync(k, "/v1/activities", () => JsonContent.Create(new
        {
            activity_id = activity.ActivityId, sport = "run", country = activity.Country,
            started_at = DateTimeOffset.FromUnixTimeMilliseconds(workload.StartMs).ToString("O"), race_id = activity.RaceId.Length > 0 ? activity.RaceId : null,
        }));
        for (var b = 0; b < BatchesPerActivity; b++)
        {
            var bytes = activity.Batch(b, workload.StartMs).ToByteArray();
            await PostAsync(k + b + 1, $"/v1/activities/{activity.ActivityId}/samples", () =>
            {
                var body = new ByteArrayContent(bytes);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                return body;
            });
        }
        await PostAsync(k + BatchesPerActivity + 1, $"/v1/activities/{activity.ActivityId}/events", () => JsonContent.Create(new
        {
            type = "stop", at = DateTimeOffset.FromUnixTimeMilliseconds(workload.StartMs + BatchesPerActivity * SamplesPerBatch * 1000L).ToString("O"),
        }));
    }

    /// <param name="BoardsBehind">Users whose summed activity distance per sport is not yet their entry on the global board or their country's.</param>
    private sealed record Results(string Text, int Points, int Finished, int RacersFinished, int BoardsBehind);

    /// <summary>
    /// What the pipeline ended with, as text: every stored point, every activity's row and full summary, the boards and
    /// their entries, and the race's last standings (without what the wall clock decides: generation time, staleness).
    /// </summary>
    private static async Task<Results> ResultsAsync(string storePath, EmbeddedPlatform platform)
    {
        var text = new StringBuilder();
        await using var connection = new SqliteConnection($"Data Source={storePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using (var attach = connection.CreateCommand())
        {
            // The points are in the store's points file.
            attach.CommandText = "ATTACH DATABASE @file AS points";
            attach.Parameters.AddWithValue("@file", SqliteStore.PointsPathFor(storePath));
            await attach.ExecuteNonQueryAsync();
        }
        async Task<int> DumpAsync(string title, string sql, Func<SqliteDataReader, string>? format = null)
        {
            text.Append("## ").Append(title).Append('\n');
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                text.Append(format is not null ? format(reader) : string.Join(" | ", Enumerable.Range(0, reader.FieldCount)
                    .Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)))).Append('\n');
                rows++;
            }
            return rows;
        }
        var points = await DumpAsync("points", "SELECT activity_id, time_ms, lat, lon, ele, acc FROM gps_points ORDER BY activity_id, time_ms");
        await DumpAsync("activities", "SELECT activity_id, user_id, sport, status, started_at_ms, race_id, country, distance_m, moving_time_s, elapsed_time_s, summary FROM activities ORDER BY activity_id",
            r => $"{r.GetString(0)} {r.GetString(1)} {r.GetString(2)} {r.GetString(3)} {r.GetInt64(4)} {r.GetString(5)} {r.GetString(6)} {r.GetDouble(7):R} {r.GetDouble(8):R} {r.GetDouble(9):R} " +
                 (r.IsDBNull(10) ? "no summary" : ActivitySummary.Parser.ParseFrom((byte[])r.GetValue(10)).ToString()));
        var finished = await DumpAsync("finished", "SELECT activity_id FROM activities WHERE status = 'finished' ORDER BY activity_id");
        await DumpAsync("boards", "SELECT board_id, sport, scope, week, updated_at_ms, entries FROM leaderboards ORDER BY board_id");
        await DumpAsync("board entries", "SELECT board_id, rank, user_id, distance_m, activities FROM leaderboard_entries ORDER BY board_id, rank");

        text.Append("## standings\n");
        var racersFinished = 0;
        if (LastStandings(platform) is { } standings)
        {
            foreach (var r in standings.Racers.OrderBy(r => r.Rank).ThenBy(r => r.ActivityId, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"{r.Rank} {r.UserId} {r.ActivityId} {r.DistanceM:R} {r.ElapsedTimeS:R} {r.Finished} {r.Status} {r.LastSampleMs} {r.Lat:R} {r.Lon:R} {r.Retired}\n");
                racersFinished += r.Status == "finished" ? 1 : 0;
            }
        }
        // The boards come through two more topologies and a sink after the summaries: the results are settled only once
        // every user's global board entry, and their entry on each country's board, holds the sum of their activities
        // there (under load the text could otherwise stay the same for a while with a board still empty: ci24 compared
        // before a country board existed). A sum in another order may differ in the last bits.
        await using var behind = connection.CreateCommand();
        behind.CommandText = """
            SELECT COUNT(*) FROM (
                SELECT user_id, sport, 'global' AS scope, SUM(distance_m) AS total FROM activities GROUP BY user_id, sport
                UNION ALL
                SELECT user_id, sport, UPPER(country), SUM(distance_m) FROM activities WHERE country <> '' GROUP BY user_id, sport, UPPER(country)) a
            WHERE NOT EXISTS (SELECT 1 FROM leaderboard_entries e JOIN leaderboards b ON b.board_id = e.board_id
                              WHERE b.scope = a.scope AND b.sport = a.sport AND e.user_id = a.user_id AND ABS(e.distance_m - a.total) < 1e-6)
            """;
        var boardsBehind = Convert.ToInt32(await behind.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return new Results(text.ToString(), points, finished, racersFinished, boardsBehind);
    }

    /// <summary>The newest record of the race on race.standings.v1 (read to the end of every partition).</summary>
    private static RaceStandings? LastStandings(EmbeddedPlatform platform)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = platform.BootstrapServers,
            GroupId = "scale-out-reader-" + Guid.NewGuid().ToString("N")[..8],
            EnableAutoCommit = false,
        }).Build();
        var ends = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topics.RaceStandings, p))
            .Select(tp => (tp, High: consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value)).Where(e => e.High > 0).ToList();
        consumer.Assign(ends.Select(e => new TopicPartitionOffset(e.tp, Offset.Beginning)));
        var deserializer = new ProtobufDeserializer<RaceStandings>(platform.Registry, RaceStandings.Parser);
        RaceStandings? last = null;
        var remaining = ends.ToDictionary(e => e.tp.Partition.Value, e => e.High);
        while (remaining.Count > 0)
        {
            var record = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException("race.standings.v1 ended early");
            if (record.Offset.Value + 1 >= remaining.GetValueOrDefault(record.Partition.Value, long.MaxValue))
            {
                remaining.Remove(record.Partition.Value);
            }
            if (record.Message.Value is not null && Encoding.UTF8.GetString(record.Message.Key) == Workload.RaceId)
            {
                last = deserializer.Deserialize(record);
            }
        }
        return last;
    }

    /// <summary>
    /// Four walkers with two activities each (boards sum them per user, two countries) and four racers in one race,
    /// each activity a steady run north at its own pace: 6 batches of 30 samples at 1 Hz, then a stop. Both runs use the
    /// same activity ids (client-generated UUIDs), so ties and orders by id are the same.
    /// </summary>
    private sealed record Workload(long StartMs, IReadOnlyList<Workload.Activity> Activities)
    {
        public const string RaceId = "scale-out-race";

        public static Workload Create(long startMs)
        {
            var activities = new List<Activity>();
            for (var w = 0; w < Walkers * 2; w++)
            {
                activities.Add(new Activity(Guid.NewGuid().ToString(), $"walker-{w / 2}", w % 3 == 0 ? "US" : "CA", "", 2.0 + w * 0.3, w));
            }
            for (var r = 0; r < Racers; r++)
            {
                activities.Add(new Activity(Guid.NewGuid().ToString(), $"racer-{r}", "CA", RaceId, 3.0 + r * 0.25, 100 + r));
            }
            return new Workload(startMs, activities);
        }

        public sealed record Activity(string ActivityId, string UserId, string Country, string RaceId, double SpeedMps, int Lane)
        {
            public GpsBatch Batch(int index, long startMs)
            {
                var batch = new GpsBatch { ActivityId = ActivityId, UserId = UserId };
                for (var i = 0; i < SamplesPerBatch; i++)
                {
                    var second = index * SamplesPerBatch + i;
                    // North at SpeedMps (1° of latitude ≈ 111,195 m), a small deterministic wobble east-west.
                    batch.Samples.Add(new GpsSample
                    {
                        TimeMs = startMs + second * 1000L,
                        Lat = 45.5 + second * SpeedMps / 111_195.0,
                        Lon = -73.6 + Lane * 1e-3 + (second % 5 - 2) * 1e-6,
                        Ele = 30 + second % 7,
                        Acc = 4,
                    });
                }
                return batch;
            }
        }
    }
}
