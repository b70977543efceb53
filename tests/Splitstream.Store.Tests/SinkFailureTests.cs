using Confluent.Kafka;
using Splitstream.Platform;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Store.Tests;

/// <summary>The sinks when the store fails or a record cannot be decoded.</summary>
public sealed class SinkFailureTests(PlatformFixture platform, SqliteFileFixture sqlite)
    : IClassFixture<PlatformFixture>, IClassFixture<SqliteFileFixture>
{
    [Fact]
    public async Task Offsets_are_committed_only_after_the_store_committed_the_write()
    {
        var flaky = new FlakyStore(sqlite.Store) { Failing = true };
        await using var harness = new SinkHarness(platform.Platform);
        var options = SinkHarness.Options("flaky");
        var id = TestData.NewId();
        var track = TestData.Track(id, 500);
        await harness.ProduceAsync(Topics.Gps, id, SinkRecords.GpsBatchOf(id, track));

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

    [Fact]
    public async Task A_refused_offset_commit_is_retried_even_when_no_more_records_come()
    {
        await using var harness = new SinkHarness(platform.Platform);
        var options = SinkHarness.Options("commit-retry");
        var id = TestData.NewId();
        var track = TestData.Track(id, 300);
        await harness.ProduceAsync(Topics.Gps, id, SinkRecords.GpsBatchOf(id, track));
        // The group's coordinator refuses its next three offset commits. The records are all produced before the sink
        // starts, so no later batch would carry the refused offsets: the sink has to retry the commit on its own.
        var faults = platform.Platform.Cluster.Faults;
        var coordinator = platform.Platform.Cluster.BrokerCount; // any broker will do: the point is knowing which one coordinates
        faults.SetGroupCoordinator(options.PointGroupId, coordinator);
        faults.PushRequestErrors(coordinator, KafkaApiKey.OffsetCommit, Enumerable.Repeat(ErrorCode.OffsetMetadataTooLarge, 3).ToArray());

        var sink = await harness.StartPointSinkAsync(sqlite.Store, options);
        await harness.WaitCaughtUpAsync(options.PointGroupId, PointSeriesBatch.Topics);
        await harness.StopAsync(sink);
        // Every refusal was handed out (the commits did fail), and the group's offsets still reached the end.
        Assert.Equal(0, faults.PendingRequestErrors(coordinator, KafkaApiKey.OffsetCommit));
        Assert.Equal(track, await sqlite.Store.GetGpsAsync(id));
    }

    [Fact]
    public async Task An_undecodable_record_goes_to_the_dead_letter_topic_and_the_sink_moves_past_it()
    {
        await using var harness = new SinkHarness(platform.Platform);
        var id = TestData.NewId();
        var garbage = "not a wire-format record"u8.ToArray();
        await harness.ProduceRawAsync(Topics.Gps, id, garbage);
        var track = TestData.Track(id, 30);
        await harness.ProduceAsync(Topics.Gps, id, SinkRecords.GpsBatchOf(id, track));

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
        Assert.Equal(Topics.Gps, System.Text.Encoding.UTF8.GetString(found.Message.Headers.GetLastBytes(DeadLetterHeaders.SourceTopic)));
        Assert.NotEmpty(found.Message.Headers.GetLastBytes(DeadLetterHeaders.Reason));
        dlq.Close();
    }

    [Fact]
    public async Task Every_record_lands_exactly_once_across_an_outage_of_all_brokers()
    {
        await using var harness = new SinkHarness(platform.Platform);
        var options = SinkHarness.Options("outage");
        var id = TestData.NewId();
        var track = TestData.Track(id, 3000);
        await harness.ProduceAsync(Topics.Gps, id, SinkRecords.GpsBatchOf(id, track.Take(1000)));
        var sink = await harness.StartPointSinkAsync(sqlite.Store, options);
        await harness.WaitCaughtUpAsync(options.PointGroupId, PointSeriesBatch.Topics);

        platform.Platform.Cluster.Faults.SetAllBrokersDown();
        Task produced;
        try
        {
            // Produced during the outage: the idempotent producer holds it until the brokers are back.
            produced = harness.ProduceAsync(Topics.Gps, id, SinkRecords.GpsBatchOf(id, track.Skip(800).Take(1200)));
            // The outage lasts 2 s (a fault's duration, not a wait for something) and provably held the batch back.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(produced.IsCompleted, "the batch was delivered while every broker was down: the outage never took effect");
        }
        finally
        {
            platform.Platform.Cluster.Faults.SetAllBrokersUp();
        }
        await produced;
        await harness.ProduceAsync(Topics.Gps, id, SinkRecords.GpsBatchOf(id, track.Skip(2000)));
        await harness.WaitCaughtUpAsync(options.PointGroupId, PointSeriesBatch.Topics, TimeSpan.FromSeconds(60));
        await harness.StopAsync(sink);

        Assert.Equal(track, await sqlite.Store.GetGpsAsync(id));
    }
}
