using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Confluent.Kafka;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;

namespace Splitstream.Bench.E2E;

/// <summary>
/// Drives the in-process pipeline at each offered rate for a fixed time (open loop: batch n is due at n·B/rate, at
/// most <see cref="E2ESettings.MaxInFlight"/> requests in flight, a 503 retried after 100 ms), then waits for the
/// store and the summaries to catch up. Two probes watch downstream while it runs: the point store (the newest stored
/// time per activity, every 200 ms) and activity.summary.v1 (every summary's last_sample_ms, as it arrives).
/// </summary>
public sealed class E2EBenchmark(E2ESettings settings, InProcessPipeline pipeline)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StoreProbeInterval = TimeSpan.FromMilliseconds(200);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long startMs = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeMilliseconds() / 1000 * 1000;

    public async Task<StageResult> RunStageAsync(int rate, bool warmUp = false)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.MaxInFlight, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = pipeline.GatewayUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            new TokenService(System.Text.Encoding.UTF8.GetBytes(InProcessPipeline.SigningKey)).Issue("bench", Roles.Device, TimeSpan.FromHours(2)));

        // A stage of its own: fresh activities, so its counts and matches see nothing of the stages before.
        var ids = Enumerable.Range(0, settings.Activities).Select(_ => Guid.NewGuid().ToString()).ToList();
        var workload = new BenchWorkload(ids, settings.BatchSize, startMs);
        foreach (var id in ids)
        {
            (await http.PostAsJsonAsync("/v1/activities", new { activity_id = id, sport = "run", started_at = DateTimeOffset.FromUnixTimeMilliseconds(startMs).ToString("O") }))
                .EnsureSuccessStatusCode();
        }
        var batches = (long)Math.Ceiling(rate * (warmUp ? 8 : settings.StageSeconds) / settings.BatchSize);
        var bodies = Enumerable.Range(0, (int)batches).Select(n => workload.Batch(n).ToByteArray()).ToArray();
        var tracker = new BatchTracker(workload, batches);
        var stored = tracker.NewCoverage();
        var summarised = tracker.NewCoverage();

        using var stop = new CancellationTokenSource();
        var summaryProbe = Task.Factory.StartNew(() => WatchSummaries(summarised, stop.Token), TaskCreationOptions.LongRunning);
        var storeProbe = WatchStoreAsync(workload, stored, stop.Token);

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var threadsBefore = ThreadCpu.Snapshot();
        var start = clock.ElapsedTicks;
        var refused = 0L;
        using var gate = new SemaphoreSlim(settings.MaxInFlight);
        var sends = new List<Task>((int)batches);
        for (var n = 0L; n < batches; n++)
        {
            var due = TimeSpan.FromSeconds(n * settings.BatchSize / (double)rate) - Elapsed(start);
            if (due > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(due);
            }
            await gate.WaitAsync();
            var batch = n;
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    while (!await SendAsync(http, workload.ActivityOf(batch), bodies[batch]))
                    {
                        Interlocked.Increment(ref refused);
                        await Task.Delay(100);
                    }
                    tracker.Accepted(batch, clock.ElapsedTicks);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        await Task.WhenAll(sends);
        var loadEnd = clock.ElapsedTicks;

        // Drain: until the store (and the summaries, when a topology produces them) cover every batch. The CPU figures
        // are taken when the last of them is covered, not after the wait for summaries that never come.
        (double Cpu, Dictionary<string, double> Threads, double Seconds)? usage = null;
        (double, Dictionary<string, double>, double) Usage() => (
            (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, ThreadCpu.Since(threadsBefore), Seconds(clock.ElapsedTicks - start));
        for (var deadline = Stopwatch.StartNew(); deadline.Elapsed < DrainTimeout; await Task.Delay(100))
        {
            var storeDone = stored.Covered == batches;
            if (storeDone && summarised.Covered == batches)
            {
                usage = Usage();
                break;
            }
            if (storeDone && summarised.Covered == 0)
            {
                usage ??= Usage();
                if (deadline.Elapsed > TimeSpan.FromSeconds(10))
                {
                    break;
                }
            }
        }
        var (cpu, threads, measured) = usage ?? Usage();
        await stop.CancelAsync();
        await storeProbe;
        await summaryProbe;
        startMs += 10_000_000; // The next stage's samples are later still (fresh activities anyway).

        var samples = batches * settings.BatchSize;
        // Throughput downstream: from the first batch seen there to the last, so the constant pipeline delay at both
        // ends cancels out (a stage that falls behind shows it as a longer span than the load's).
        double? RateOf(BatchTracker.Coverage coverage) =>
            coverage.Covered == batches && coverage.LastCoveredTicks > coverage.FirstCoveredTicks
                ? samples / Math.Max(Seconds(coverage.LastCoveredTicks - coverage.FirstCoveredTicks), Seconds(loadEnd - start))
                : null;
        var notes = new List<string>();
        if (stored.Covered < batches)
        {
            notes.Add($"store covered {stored.Covered}/{batches} batches after {DrainTimeout.TotalSeconds:0} s");
        }
        if (summarised.Covered == 0)
        {
            notes.Add("no summaries (no metrics topology hosted)");
        }
        else if (summarised.Covered < batches)
        {
            notes.Add($"summaries covered {summarised.Covered}/{batches} batches");
        }
        return new StageResult(rate, samples, refused, samples / Seconds(loadEnd - start), RateOf(stored), RateOf(summarised),
            Percentiles.Of(stored.Delays, 50), Percentiles.Of(stored.Delays, 99),
            Percentiles.Of(summarised.Delays, 50), Percentiles.Of(summarised.Delays, 99),
            cpu / measured, threads, string.Join("; ", notes));
    }

    private static async Task<bool> SendAsync(HttpClient http, string activityId, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await http.PostAsync($"/v1/activities/{activityId}/samples", content);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable))
        {
            throw new InvalidOperationException($"gateway answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    /// <summary>The newest stored GPS time of each activity, every 200 ms (an index seek per activity on the point table's key).</summary>
    private async Task WatchStoreAsync(BenchWorkload workload, BatchTracker.Coverage stored, CancellationToken stop)
    {
        await using var connection = new SqliteConnection($"Data Source={pipeline.StorePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(CancellationToken.None);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT MAX(time_ms) FROM gps_points WHERE activity_id = $id";
        var id = query.Parameters.Add("$id", SqliteType.Text);
        while (!stop.IsCancellationRequested)
        {
            var now = clock.ElapsedTicks;
            foreach (var activity in workload.ActivityIds)
            {
                id.Value = activity;
                if (await query.ExecuteScalarAsync(CancellationToken.None) is long newest)
                {
                    stored.Reached(activity, newest, now);
                }
            }
            try
            {
                await Task.Delay(StoreProbeInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Every summary on activity.summary.v1 from now on, matched as it arrives (its own consumer, no group).</summary>
    private void WatchSummaries(BatchTracker.Coverage summarised, CancellationToken stop)
    {
        var clients = new KafkaClients(Microsoft.Extensions.Options.Options.Create(new KafkaOptions { BootstrapServers = pipeline.Platform.BootstrapServers }));
        var config = clients.Consumer("bench-e2e-summaries-" + Guid.NewGuid().ToString("N")[..8], "bench-e2e-summaries");
        config.FetchWaitMaxMs = 10;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var partitions = Enumerable.Range(0, clients.Partitions).Select(p => new TopicPartition(Topics.ActivitySummary, p));
        consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, Offset.End)));
        var deserializer = new ProtobufDeserializer<ActivitySummary>(pipeline.Platform.Registry, ActivitySummary.Parser);
        while (!stop.IsCancellationRequested)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record?.Message?.Value is null)
            {
                continue;
            }
            var summary = deserializer.Deserialize(record);
            summarised.Reached(summary.ActivityId, summary.LastSampleMs, clock.ElapsedTicks);
        }
        consumer.Close();
    }

    private TimeSpan Elapsed(long since) => TimeSpan.FromSeconds(Seconds(clock.ElapsedTicks - since));

    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;
}
