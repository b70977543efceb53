using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Confluent.Kafka;
using Google.Protobuf;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Bench.E2E;

/// <summary>
/// Drives the in-process pipeline at each offered rate for a fixed time (open loop: batch n is due at n·B/rate, at
/// most <see cref="E2ESettings.MaxInFlight"/> requests in flight, a 503 retried after 100 ms), then waits for the
/// store and the summaries to catch up. Two probes watch downstream while it runs: the point store (the newest stored
/// time per activity, every 200 ms) and activity.summary.v1 (every summary's last_sample_ms, as it arrives).
/// </summary>
public sealed class E2EBenchmark(E2ESettings settings, InProcessPipeline pipeline) : IDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StoreProbeInterval = TimeSpan.FromMilliseconds(200);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    // Event time starts 60 days back and every stage continues after the previous one's samples (a soak's hour of stages
    // spans days of event time at 1 Hz): stream time only moves forward, no stage's samples are late to the one before.
    private long startMs = DateTimeOffset.UtcNow.AddDays(-60).ToUnixTimeMilliseconds() / 1000 * 1000;

    private readonly List<HttpClient> gateways = [.. pipeline.GatewayUrls.Select(url => new HttpClient(
        new SocketsHttpHandler { MaxConnectionsPerServer = settings.MaxInFlight, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = url,
        Timeout = TimeSpan.FromSeconds(60),
    })];

    private readonly TokenService tokens = new(System.Text.Encoding.UTF8.GetBytes(InProcessPipeline.SigningKey));

    /// <summary>Seconds since the benchmark (and the pipeline) started.</summary>
    public double Uptime => clock.Elapsed.TotalSeconds;

    /// <summary>
    /// One stage at <paramref name="rate"/> for <paramref name="seconds"/>: <see cref="E2ESettings.Activities"/> fresh
    /// activities, the first <see cref="E2ESettings.Racers"/> of them (each its own user, registered) in one race of
    /// their own. Batch n goes to gateway n mod G. With <paramref name="stopActivities"/>, every activity of the stage
    /// is stopped once the stage is measured (workouts that end, as in the soak), one second after its last sample.
    /// </summary>
    public async Task<StageResult> RunStageAsync(int rate, double seconds, string label, bool stopActivities = false)
    {
        var startedAt = Uptime;
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        var pausedBefore = GC.GetTotalPauseDuration();
        var methodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var batches = (long)Math.Ceiling(rate * seconds / settings.BatchSize);
        var (workload, authorization, racers) = await StartActivitiesAsync(settings.Activities, settings.Racers > 0 ? [settings.Racers] : [], batches);
        // Encoded ahead of the clock when they fit in memory (a soak's hour does not: those are encoded as sent).
        var bodies = batches <= 60_000 ? Enumerable.Range(0, (int)batches).Select(n => workload.Batch(n).ToByteArray()).ToArray() : null;
        var tracker = new BatchTracker(workload, batches);
        // Each batch's wait from its first send to its 202, retries after a 503 included: what a device waits for.
        var requestSeconds = new double[batches];
        var stored = tracker.NewCoverage();
        var summarised = tracker.NewCoverage();
        var raced = tracker.NewCoverage();
        var racerBatches = Enumerable.Range(0, (int)Math.Min(batches, int.MaxValue)).LongCount(n => n % workload.ActivityIds.Count < racers);

        using var stop = new CancellationTokenSource();
        var summariesFrom = new TaskCompletionSource();
        var standingsFrom = new TaskCompletionSource();
        var summaryProbe = Task.Factory.StartNew(() => WatchSummaries(summarised, summariesFrom, stop.Token), TaskCreationOptions.LongRunning);
        var standingsProbe = Task.Factory.StartNew(() => WatchStandings(raced, standingsFrom, stop.Token), TaskCreationOptions.LongRunning);
        await Task.WhenAll(summariesFrom.Task, standingsFrom.Task);
        var storeProbe = WatchStoreAsync(workload, stored, stop.Token);

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var threadsBefore = ThreadCpu.Snapshot();
        var writesBefore = pipeline.StoreWriteTimes();
        var start = clock.ElapsedTicks;
        var refused = 0L;
        using var gate = new SemaphoreSlim(settings.MaxInFlight);
        var sends = new List<Task>((int)Math.Min(batches, 1_000_000));
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
                    var activity = workload.ActivityOf(batch);
                    var body = bodies?[batch] ?? workload.Batch(batch).ToByteArray();
                    var sentAt = clock.ElapsedTicks;
                    while (!await SendAsync(gateways[(int)(batch % gateways.Count)], activity, authorization[activity], body))
                    {
                        Interlocked.Increment(ref refused);
                        await Task.Delay(100);
                    }
                    var acceptedAt = clock.ElapsedTicks;
                    requestSeconds[batch] = Seconds(acceptedAt - sentAt);
                    tracker.Accepted(batch, acceptedAt);
                }
                finally
                {
                    gate.Release();
                }
            }));
            if (sends.Count >= 100_000)
            {
                // A soak sends millions: keep only the ones still running.
                sends.RemoveAll(t => t.IsCompletedSuccessfully);
            }
        }
        await Task.WhenAll(sends);
        var loadEnd = clock.ElapsedTicks;

        // Drain: until the store, the summaries and the standings (when a topology produces them) cover every batch. The
        // CPU figures are taken when the last of them is covered, not after the wait for summaries that never come.
        (double Cpu, Dictionary<string, double> Threads, double Seconds, StoreWriteTimes Writes)? usage = null;
        (double, Dictionary<string, double>, double, StoreWriteTimes) Usage() => (
            (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, ThreadCpu.Since(threadsBefore), Seconds(clock.ElapsedTicks - start),
            pipeline.StoreWriteTimes().Since(writesBefore));
        for (var deadline = Stopwatch.StartNew(); deadline.Elapsed < DrainTimeout; await Task.Delay(100))
        {
            var storeDone = stored.Covered == batches;
            if (storeDone && summarised.Covered == batches && raced.Covered == racerBatches)
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
        var (cpu, threads, measured, writes) = usage ?? Usage();
        await stop.CancelAsync();
        await storeProbe;
        await summaryProbe;
        await standingsProbe;
        if (stopActivities)
        {
            await StopActivitiesAsync(workload, authorization, batches);
        }
        var jit = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalSeconds;
        var paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds;

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
        if (racers > 0 && raced.Covered < racerBatches)
        {
            notes.Add($"standings covered {raced.Covered}/{racerBatches} racer batches");
        }
        return new StageResult(rate, samples, refused, samples / Seconds(loadEnd - start), RateOf(stored), RateOf(summarised),
            Percentiles.Of(stored.Delays, 50), Percentiles.Of(stored.Delays, 99),
            Percentiles.Of(summarised.Delays, 50), Percentiles.Of(summarised.Delays, 99),
            Percentiles.Of(raced.Delays, 50), Percentiles.Of(raced.Delays, 99),
            cpu / measured, threads, string.Join("; ", notes), label, startedAt, jit, Environment.WorkingSet, paused,
            System.Runtime.JitInfo.GetCompiledMethodCount() - methodsBefore, writes,
            Percentiles.Of(requestSeconds, 50), Percentiles.Of(requestSeconds, 99));
    }

    /// <summary>
    /// Issue 16's memory figures: resident memory (and managed heap) after a full collection that
    /// <paramref name="activities"/> live activities (one batch each, summarised) add, then, in <paramref name="pairs"/>
    /// pairs, what <paramref name="races"/> races of <paramref name="racersPerRace"/> racers add beyond the same number
    /// of activities outside races, held live right after them.
    /// </summary>
    public async Task<MemoryFigures> MeasureMemoryAsync(int activities, int races, int racersPerRace, int pairs)
    {
        var before = MemorySnapshot.Settle(pipeline.BootstrapServers);
        await HoldLiveAsync(activities, []);
        var after = MemorySnapshot.Settle(pipeline.BootstrapServers);
        var perThousand = after.Minus(before).Times(1000.0 / activities);
        var (rss, heap) = (after.ResidentBytes, after.HeapBytes);
        var (rssRaces, heapRaces) = (new List<double>(), new List<double>());
        for (var pair = 0; pair < pairs; pair++)
        {
            // Races' cost: the raced activities' growth minus that of the same number without a race. Every other pair
            // holds the plain set first, so a growth that depends on the order (the heap trimmed between them, a
            // buffer doubling) counts against the races as often as for them.
            var racedFirst = pair % 2 == 0;
            var first = await HoldAndSettleAsync(racedFirst);
            var second = await HoldAndSettleAsync(!racedFirst);
            var (rssGrowth, heapGrowth) = ((first.ResidentBytes - rss) - (second.ResidentBytes - first.ResidentBytes),
                (first.HeapBytes - heap) - (second.HeapBytes - first.HeapBytes));
            var sign = racedFirst ? 1 : -1;
            rssRaces.Add(sign * rssGrowth * 100.0 / races);
            heapRaces.Add(sign * heapGrowth * 100.0 / races);
            (rss, heap) = (second.ResidentBytes, second.HeapBytes);
        }
        return new MemoryFigures(perThousand, rssRaces, heapRaces);

        async Task<MemorySnapshot> HoldAndSettleAsync(bool raced)
        {
            await HoldLiveAsync(races * racersPerRace, raced ? [.. Enumerable.Repeat(racersPerRace, races)] : []);
            return MemorySnapshot.Settle(bootstrapServers: null);
        }
    }

    /// <summary>Starts that many activities (the first ones in races of the given sizes), sends one batch to each, waits for their summaries.</summary>
    private async Task HoldLiveAsync(int count, IReadOnlyList<int> raceSizes)
    {
        var (workload, authorization, _) = await StartActivitiesAsync(count, raceSizes, count);
        var tracker = new BatchTracker(workload, count);
        var summarised = tracker.NewCoverage();
        using var stop = new CancellationTokenSource();
        var summariesFrom = new TaskCompletionSource();
        var summaryProbe = Task.Factory.StartNew(() => WatchSummaries(summarised, summariesFrom, stop.Token), TaskCreationOptions.LongRunning);
        await summariesFrom.Task;
        using var gate = new SemaphoreSlim(settings.MaxInFlight);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async n =>
        {
            await gate.WaitAsync();
            try
            {
                var activity = workload.ActivityOf(n);
                while (!await SendAsync(gateways[n % gateways.Count], activity, authorization[activity], workload.Batch(n).ToByteArray()))
                {
                    await Task.Delay(100);
                }
                tracker.Accepted(n, clock.ElapsedTicks);
            }
            finally
            {
                gate.Release();
            }
        }));
        for (var deadline = Stopwatch.StartNew(); summarised.Covered < count && deadline.Elapsed < DrainTimeout; await Task.Delay(100))
        {
        }
        await stop.CancelAsync();
        await summaryProbe;
        if (summarised.Covered < count)
        {
            // Printed, not thrown: the memory figure stands with a straggler or two; a real loss shows in the stages.
            Console.WriteLine($"memory: only {summarised.Covered} of {count} live activities were summarised within {DrainTimeout.TotalSeconds:0} s; measuring anyway");
        }
    }

    /// <summary>
    /// Fresh activities (a stage of its own, so its counts and matches see nothing of the stages before), started through
    /// the gateways. The first ones race: one race per entry of <paramref name="raceSizes"/>, created in the store with
    /// that many racers registered, each racer a user of their own with a device token of their own.
    /// </summary>
    private async Task<(BenchWorkload Workload, Dictionary<string, string> Authorization, int Racers)> StartActivitiesAsync(int count, IReadOnlyList<int> raceSizes, long batches)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();
        var workload = new BenchWorkload(ids, settings.BatchSize, startMs);
        startMs += ((batches + count - 1) / count + 1) * settings.BatchSize * 1000L + 60_000;
        var benchToken = "Bearer " + tokens.Issue("bench", Roles.Device, TimeSpan.FromHours(2));
        var authorization = ids.ToDictionary(id => id, _ => benchToken);
        var raceOf = new Dictionary<string, string>();
        var racers = 0;
        if (raceSizes.Count > 0)
        {
            await using var store = pipeline.OpenStore();
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var size in raceSizes)
            {
                var raceId = "bench-race-" + Guid.NewGuid().ToString("N")[..12];
                await store.CreateRaceAsync(new RaceDetails(raceId, "bench-organiser", "bench race", "run", workload.StartMs, [], [], false, false, now, 1));
                for (var i = 0; i < size && racers < count; i++, racers++)
                {
                    var user = $"racer-{raceId}-{i}";
                    await store.AddParticipantAsync(raceId, user, null, now);
                    authorization[ids[racers]] = "Bearer " + tokens.Issue(user, Roles.Device, TimeSpan.FromHours(2));
                    raceOf[ids[racers]] = raceId;
                }
            }
        }
        await PostToEachAsync(ids, authorization, "starting", (id, _) => ("/v1/activities", new
        {
            activity_id = id, sport = "run", started_at = DateTimeOffset.FromUnixTimeMilliseconds(workload.StartMs).ToString("O"),
            race_id = raceOf.GetValueOrDefault(id),
        }));
        return (workload, authorization, racers);
    }

    /// <summary>Stops every activity of a stage one second after its last sample (an activity's last batch is its newest).</summary>
    private Task StopActivitiesAsync(BenchWorkload workload, Dictionary<string, string> authorization, long batches)
    {
        var count = workload.ActivityIds.Count;
        // Activity k's batches are k, k + count, ...: the last is the largest of them below the stage's batch count.
        var withBatches = workload.ActivityIds.Where((_, k) => k < batches).ToList();
        return PostToEachAsync(withBatches, authorization, "stopping", (id, k) =>
        {
            var last = batches - 1 - (batches - 1 - k) % count;
            return ($"/v1/activities/{id}/events",
                new { type = "stop", at = DateTimeOffset.FromUnixTimeMilliseconds(workload.LastSampleMs(last) + 1000).ToString("O") });
        });
    }

    /// <summary>One JSON POST per activity (≤ MaxInFlight at once, activity k to gateway k mod G); any refusal stops the bench.</summary>
    private async Task PostToEachAsync(IReadOnlyList<string> ids, Dictionary<string, string> authorization, string what,
        Func<string, int, (string Path, object Body)> request)
    {
        using var gate = new SemaphoreSlim(settings.MaxInFlight);
        await Task.WhenAll(ids.Select(async (id, k) =>
        {
            await gate.WaitAsync();
            try
            {
                var (path, body) = request(id, k);
                using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
                message.Headers.TryAddWithoutValidation("Authorization", authorization[id]);
                using var response = await gateways[k % gateways.Count].SendAsync(message);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{what} {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static async Task<bool> SendAsync(HttpClient http, string activityId, string authorization, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/activities/{activityId}/samples") { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await http.SendAsync(request);
        // 503: back-pressure, or (with more than one gateway) a registry still behind the start another gateway took
        // after its catch-up wait. Nothing was accepted; it is retried and counted as refused. A 404 is a bench bug.
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable))
        {
            throw new InvalidOperationException($"gateway answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    /// <summary>The newest stored GPS time of each activity, every 200 ms (an index seek per activity on the point table's key).</summary>
    private async Task WatchStoreAsync(BenchWorkload workload, BatchTracker.Coverage stored, CancellationToken stop)
    {
        await using var connection = pipeline.OpenProbeConnection();
        await connection.OpenAsync(CancellationToken.None);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT MAX(time_ms) FROM gps_points WHERE activity_id = @id";
        var id = query.CreateParameter();
        id.ParameterName = "id";
        query.Parameters.Add(id);
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

    /// <summary>Every summary on activity.summary.v1 from now on, matched as it arrives; <paramref name="positioned"/> once its offsets are fixed.</summary>
    private void WatchSummaries(BatchTracker.Coverage summarised, TaskCompletionSource positioned, CancellationToken stop) =>
        Watch(Topics.ActivitySummary, ActivitySummary.Parser, positioned, stop,
            (summary, now) => summarised.Reached(summary.ActivityId, summary.LastSampleMs, now));

    /// <summary>Every race.standings.v1 record from now on: each racer's last_sample_ms covers that activity's batches.</summary>
    private void WatchStandings(BatchTracker.Coverage raced, TaskCompletionSource positioned, CancellationToken stop) =>
        Watch(Topics.RaceStandings, RaceStandings.Parser, positioned, stop, (standings, now) =>
        {
            foreach (var racer in standings.Racers)
            {
                raced.Reached(racer.ActivityId, racer.LastSampleMs, now);
            }
        });

    /// <summary>A topic's records from now on (its own consumer, no group), each decoded and handed over with its arrival time.</summary>
    private void Watch<T>(string topic, MessageParser<T> parser, TaskCompletionSource positioned, CancellationToken stop, Action<T, long> arrived)
        where T : IMessage<T>
    {
        var clients = new KafkaClients(Microsoft.Extensions.Options.Options.Create(new KafkaOptions { BootstrapServers = pipeline.BootstrapServers }));
        var config = clients.Consumer("bench-e2e-watch-" + Guid.NewGuid().ToString("N")[..8], "bench-e2e-watch");
        config.FetchWaitMaxMs = 10;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var partitions = Enumerable.Range(0, clients.Partitions).Select(p => new TopicPartition(topic, p));
        // From the current ends, resolved now (Offset.End resolves at the first fetch, which may come after the first
        // records of the stage): the load starts once this is done.
        consumer.Assign(partitions.Select(tp => new TopicPartitionOffset(tp, consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High)));
        positioned.SetResult();
        var deserializer = new ProtobufDeserializer<T>(pipeline.Registry, parser);
        while (!stop.IsCancellationRequested)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record?.Message?.Value is not null)
            {
                arrived(deserializer.Deserialize(record), clock.ElapsedTicks);
            }
        }
        consumer.Close();
    }

    private TimeSpan Elapsed(long since) => TimeSpan.FromSeconds(Seconds(clock.ElapsedTicks - since));

    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    public void Dispose()
    {
        foreach (var gateway in gateways)
        {
            gateway.Dispose();
        }
    }
}
