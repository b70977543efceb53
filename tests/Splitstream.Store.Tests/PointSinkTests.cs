using Confluent.Kafka;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Store.Tests;

/// <summary>The point-series sink against the embedded cluster, writing into SQLite and a real PostgreSQL.</summary>
public sealed class PointSinkTests(PlatformFixture platform, SqliteFileFixture sqlite, PostgresDatabaseFixture postgres)
    : IClassFixture<PlatformFixture>, IClassFixture<SqliteFileFixture>, IClassFixture<PostgresDatabaseFixture>
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
            await harness.ProduceAsync(Topics.Gps, a, SinkRecords.GpsBatchOf(a, chunk));
        }
        await harness.ProduceAsync(Topics.Gps, b, SinkRecords.GpsBatchOf(b, trackB));
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
        // Where its thread's time went: it waited for records, decoded them and wrote them in batches.
        Assert.True(sink.Phases.Batches > 0, $"phases: {sink.Phases}");
        Assert.True(sink.Phases.WriteTime > TimeSpan.Zero && sink.Phases.DecodeTime > TimeSpan.Zero
            && sink.Phases.ConsumeWaitTime > TimeSpan.Zero && sink.Phases.CommitTime > TimeSpan.Zero, $"phases: {sink.Phases}");
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
}
