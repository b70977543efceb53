using Confluent.Kafka;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Store.Tests;

/// <summary>The sinks against the embedded cluster, writing into SQLite and a real PostgreSQL.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SinkTests(PlatformFixture platform, SqliteFileFixture sqlite, PostgresDatabaseFixture postgres)
    : IClassFixture<SqliteFileFixture>, IClassFixture<PostgresDatabaseFixture>
{
    private ISplitstreamStore StoreOf(string kind) => kind == "postgres" ? postgres.Store : sqlite.Store;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Points_land_once_per_sample_and_re_delivery_of_every_record_leaves_the_same_rows(string kind)
    {
        var store = StoreOf(kind);
        await using var harness = new SinkHarness(platform.Platform);
        var a = TestData.NewId();
        var b = TestData.NewId();
        var trackA = TestData.Track(a, 12_000);
        var trackB = TestData.Track(b, 700);
        var heartA = TestData.HeartRate(a, 3_000, everyMs: 4000);
        // Batches of 1,000 with one re-sent batch and one overlapping batch, as a retrying device produces them.
        foreach (var chunk in trackA.Chunk(1000).Append(trackA.Skip(5000).Take(1000).ToArray()).Append(trackA.Skip(11_500).ToArray()))
        {
            await harness.ProduceAsync(Topics.Gps, a, GpsBatchOf(a, chunk));
        }
        await harness.ProduceAsync(Topics.Gps, b, GpsBatchOf(b, trackB));
        foreach (var chunk in heartA.Chunk(1000))
        {
            var batch = new HeartRateBatch { ActivityId = a, UserId = "u1" };
            batch.Samples.AddRange(chunk.Select(h => new HeartRateSample { TimeMs = h.TimeMs, Bpm = h.Bpm }));
            await harness.ProduceAsync(Topics.HeartRate, a, batch);
        }

        var first = SinkHarness.Options("first");
        var sink = await harness.StartPointSinkAsync(store, first);
        await harness.WaitCaughtUpAsync(first.PointGroupId, PointSeriesBatch.Topics);
        await harness.StopAsync(sink);
        Assert.Equal(trackA, await store.GetGpsAsync(a));
        Assert.Equal(trackB, await store.GetGpsAsync(b));
        Assert.Equal(heartA, await store.GetHeartRateAsync(a));

        // A second group reads every record again from the beginning: the rows stay exactly the same.
        var replay = SinkHarness.Options("replay");
        var replaySink = await harness.StartPointSinkAsync(store, replay);
        await harness.WaitCaughtUpAsync(replay.PointGroupId, PointSeriesBatch.Topics);
        Assert.True(replaySink.RecordsWritten >= 16, $"replay wrote {replaySink.RecordsWritten} records");
        await harness.StopAsync(replaySink);
        Assert.Equal(trackA, await store.GetGpsAsync(a));
        Assert.Equal(trackB, await store.GetGpsAsync(b));
        Assert.Equal(heartA, await store.GetHeartRateAsync(a));
    }

    [Fact]
    public async Task Offsets_are_committed_only_after_the_store_committed_the_write()
    {
        var flaky = new FlakyStore(sqlite.Store) { Failing = true };
        await using var harness = new SinkHarness(platform.Platform);
        var options = SinkHarness.Options("flaky");
        var id = TestData.NewId();
        var track = TestData.Track(id, 500);
        await harness.ProduceAsync(Topics.Gps, id, GpsBatchOf(id, track));

        var sink = await harness.StartPointSinkAsync(flaky, options);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); flaky.FailedWrites < 3 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(50);
        }
        Assert.True(flaky.FailedWrites >= 3, "the sink should keep retrying the failed write");
        // While the store fails, nothing of the GPS topic is committed, so a crash now would re-deliver every record.
        for (var p = 0; p < 3; p++)
        {
            Assert.True(harness.Committed(options.PointGroupId, new TopicPartition(Topics.Gps, p)) < 0);
        }
        Assert.Empty(await sqlite.Store.GetGpsAsync(id));

        flaky.Failing = false;
        await harness.WaitCaughtUpAsync(options.PointGroupId, PointSeriesBatch.Topics);
        await harness.StopAsync(sink);
        Assert.Equal(track, await sqlite.Store.GetGpsAsync(id));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Summaries_windows_and_events_are_keyed_upserts_that_a_replay_leaves_unchanged(string kind)
    {
        var store = StoreOf(kind);
        await using var harness = new SinkHarness(platform.Platform);
        var id = TestData.NewId();
        var t0 = TestData.Start.ToUnixTimeMilliseconds();
        await harness.ProduceAsync(Topics.ActivityEvents, id, TestData.Started(id, "owner-1", t0));
        await harness.ProduceAsync(Topics.ActivitySummary, id, TestData.Summary(id, "owner-1", distanceM: 1000, status: "active"));
        await harness.ProduceAsync(Topics.ActivityMetrics, id, TestData.Window(id, 0, 150));
        await harness.ProduceAsync(Topics.ActivityMetrics, id, TestData.Window(id, 1, 160));
        // A late record corrects window 0; the latest summary wins.
        await harness.ProduceAsync(Topics.ActivityMetrics, id, TestData.Window(id, 0, 175));
        var latest = TestData.Summary(id, "owner-1", distanceM: 2000, status: "finished");
        await harness.ProduceAsync(Topics.ActivitySummary, id, latest);

        var first = SinkHarness.Options("first");
        var sink = await harness.StartActivitySinkAsync(store, first);
        await harness.WaitCaughtUpAsync(first.ActivityGroupId, ActivityRecordsBatch.Topics);
        await harness.StopAsync(sink);
        var stored = (await store.GetActivityAsync(id))!;
        Assert.Equal(latest, ActivitySummary.Parser.ParseFrom(stored.Summary));
        Assert.Equal([175.0, 160.0], (await store.GetWindowsAsync(id)).Select(w => w.DistanceM));

        var replay = SinkHarness.Options("replay");
        var replaySink = await harness.StartActivitySinkAsync(store, replay);
        await harness.WaitCaughtUpAsync(replay.ActivityGroupId, ActivityRecordsBatch.Topics);
        await harness.StopAsync(replaySink);
        Assert.Equal(stored, (await store.GetActivityAsync(id))!, ActivityRecordComparer.Instance);
        Assert.Equal([175.0, 160.0], (await store.GetWindowsAsync(id)).Select(w => w.DistanceM));
    }

    [Fact]
    public async Task An_undecodable_record_goes_to_the_dead_letter_topic_and_the_sink_moves_past_it()
    {
        await using var harness = new SinkHarness(platform.Platform);
        var id = TestData.NewId();
        var garbage = "not a wire-format record"u8.ToArray();
        await harness.ProduceRawAsync(Topics.Gps, id, garbage);
        var track = TestData.Track(id, 30);
        await harness.ProduceAsync(Topics.Gps, id, GpsBatchOf(id, track));

        var options = SinkHarness.Options("dlq");
        var sink = await harness.StartPointSinkAsync(sqlite.Store, options);
        await harness.WaitCaughtUpAsync(options.PointGroupId, PointSeriesBatch.Topics);
        await harness.StopAsync(sink);
        Assert.Equal(track, await sqlite.Store.GetGpsAsync(id));

        using var dlq = new ConsumerBuilder<byte[], byte[]>(harness.KafkaClients.Consumer("dlq-reader-" + Guid.NewGuid(), "dlq-reader")).Build();
        dlq.Subscribe(Topics.DeadLetter);
        ConsumeResult<byte[], byte[]>? found = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); found is null && DateTime.UtcNow < deadline;)
        {
            var r = dlq.Consume(TimeSpan.FromMilliseconds(500));
            if (r is not null && System.Text.Encoding.UTF8.GetString(r.Message.Key) == id)
            {
                found = r;
            }
        }
        Assert.NotNull(found);
        Assert.Equal(garbage, found.Message.Value);
        Assert.Equal(Topics.Gps, System.Text.Encoding.UTF8.GetString(found.Message.Headers.GetLastBytes("source-topic")));
        Assert.NotEmpty(found.Message.Headers.GetLastBytes("reason"));
        dlq.Close();
    }

    private static GpsBatch GpsBatchOf(string activityId, IEnumerable<GpsPoint> points)
    {
        var batch = new GpsBatch { ActivityId = activityId, UserId = "u1" };
        foreach (var p in points)
        {
            var sample = new GpsSample { TimeMs = p.TimeMs, Lat = p.Lat, Lon = p.Lon };
            if (p.Ele is { } ele)
            {
                sample.Ele = ele;
            }
            if (p.Acc is { } acc)
            {
                sample.Acc = acc;
            }
            batch.Samples.Add(sample);
        }
        return batch;
    }
}
