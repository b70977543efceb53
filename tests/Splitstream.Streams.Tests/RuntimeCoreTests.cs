using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Splitstream.Schemas;

namespace Splitstream.Streams.Tests;

/// <summary>Punctuators, timestamp ordering within a task, windows arithmetic and topology validation.</summary>
public sealed class RuntimeCoreTests
{
    [Fact]
    public void Stream_time_punctuators_fire_at_interval_boundaries_as_records_advance_stream_time()
    {
        var processor = new RecordingProcessor(streamInterval: TimeSpan.FromSeconds(10));
        using var driver = new TopologyTestDriver(SingleProcessorTopology(processor));
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k", "a", 1_000);    // first record: anchors the schedule, next boundary 10 s
        input.PipeInput("k", "b", 9_999);
        input.PipeInput("k", "c", 12_000);   // crosses 10 s
        input.PipeInput("k", "d", 5_000);    // out of order: stream time stays 12 s
        input.PipeInput("k", "e", 47_000);   // crosses 20, 30 and 40 s: fires once

        Assert.Equal([12_000L, 47_000L], processor.StreamPunctuations);
        Assert.Equal([1_000L, 9_999L, 12_000L, 12_000L, 47_000L], processor.Seen.Select(s => s.StreamTime));
        // Wall-clock time did not move: stream time alone drove the punctuations.
        Assert.Equal(0, driver.WallClockTime);
    }

    [Fact]
    public void Wall_clock_punctuators_fire_when_the_wall_clock_advances_without_records()
    {
        var processor = new RecordingProcessor(wallInterval: TimeSpan.FromSeconds(1));
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        using var driver = new TopologyTestDriver(SingleProcessorTopology(processor), wallClockStart: start);

        driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(500));
        Assert.Empty(processor.WallPunctuations);
        driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(600));
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(5));

        var t0 = start.ToUnixTimeMilliseconds();
        Assert.Equal([t0 + 1_100, t0 + 6_100], processor.WallPunctuations);
        Assert.Equal(2, driver.Metrics.Punctuations);
    }

    [Fact]
    public void A_task_processes_its_partitions_in_timestamp_order()
    {
        var processor = new RecordingProcessor();
        var topology = new TopologyBuilder()
            .AddSource("gps", Serdes.String, Serdes.String, "gps")
            .AddSource("hr", Serdes.String, Serdes.String, "hr")
            .AddProcessor("rec", () => processor, "gps", "hr")
            .Build();
        var collector = new MemoryRecordCollector((_, _) => 0);
        var task = new StreamTask(topology, 3, "app", Topics.DeadLetter, new StreamsMetrics(), NullLogger.Instance, collector, () => 0);
        task.Initialize();
        long[] gpsTimes = [1_000, 4_000, 5_000];
        long[] hrTimes = [2_000, 3_000, 6_000];
        for (var i = 0; i < 3; i++)
        {
            task.Enqueue(Raw("gps", i, gpsTimes[i], $"g{i}"));
            task.Enqueue(Raw("hr", i, hrTimes[i], $"h{i}"));
        }

        while (task.ProcessNext())
        {
        }

        Assert.Equal(["g0", "h0", "h1", "g1", "g2", "h2"], processor.Seen.Select(s => s.Value));
        Assert.Equal([("gps", 3L), ("hr", 3L)], task.CommittableOffsets().Select(o => (o.Topic, o.Offset.Value)).Order());
        Assert.All(task.CommittableOffsets(), o => Assert.Equal(3, o.Partition.Value));
    }

    [Fact]
    public void A_processing_exception_dead_letters_the_record_with_its_coordinates()
    {
        var processor = new RecordingProcessor();
        using var driver = new TopologyTestDriver(SingleProcessorTopology(processor), deadLetterTopic: "dlq");
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);

        input.PipeInput("k", "fine", 1);
        input.PipeInput("k", "boom", 2);
        input.PipeInput("k", "fine again", 3);

        Assert.Equal(["fine", "fine again"], processor.Seen.Select(s => s.Value));
        var dead = Assert.Single(driver.ReadRaw("dlq"));
        Assert.Equal("boom", Encoding.UTF8.GetString(dead.Value!));
        Assert.Equal("process: InvalidOperationException: processor refused the value", Encoding.UTF8.GetString(dead.Headers!.GetLastBytes(DeadLetterHeaders.Reason)));
        Assert.Equal("1", Encoding.UTF8.GetString(dead.Headers!.GetLastBytes(DeadLetterHeaders.SourceOffset)));
        Assert.Equal(["fine", "fine again"], driver.CreateOutputTopic("out", Serdes.String, Serdes.String).ReadRecords().Select(r => r.Value));
    }

    [Theory]
    // size, advance, timestamp, expected window starts
    [InlineData(60_000, 60_000, 0, new long[] { 0 })]
    [InlineData(60_000, 60_000, 59_999, new long[] { 0 })]
    [InlineData(60_000, 60_000, 60_000, new long[] { 60_000 })]
    [InlineData(60_000, 60_000, -1, new long[] { -60_000 })]
    [InlineData(60_000, 20_000, 45_000, new long[] { -0, 20_000, 40_000 })]
    [InlineData(60_000, 20_000, 60_000, new long[] { 20_000, 40_000, 60_000 })]
    [InlineData(30_000, 20_000, 25_000, new long[] { 0, 20_000 })]
    public void Windows_containing_a_timestamp(long size, long advance, long timestamp, long[] expected)
    {
        var windows = TimeWindows.Of(TimeSpan.FromMilliseconds(size), TimeSpan.Zero).AdvanceBy(TimeSpan.FromMilliseconds(advance));

        Assert.Equal(expected, windows.WindowStartsFor(timestamp));
    }

    [Fact]
    public void Time_windows_are_immutable_and_close_at_stream_time_minus_grace()
    {
        var tumbling = TimeWindows.Of(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10));
        var hopping = tumbling.AdvanceBy(TimeSpan.FromSeconds(30));

        Assert.Equal(60_000, tumbling.AdvanceMs);
        Assert.Equal(30_000, hopping.AdvanceMs);
        Assert.Equal(60_000, tumbling.CloseTime(70_000));
        Assert.True(tumbling.IsClosed(0, 70_000));
        Assert.False(tumbling.IsClosed(0, 69_999));
        Assert.Throws<ArgumentOutOfRangeException>(() => tumbling.AdvanceBy(TimeSpan.FromMinutes(2)));
    }

    [Theory]
    [InlineData("unknown parent", typeof(ArgumentException), "no parent named nope")]
    [InlineData("duplicate name", typeof(ArgumentException), "a node named p already exists")]
    [InlineData("topic read twice", typeof(InvalidOperationException), "topic in is read by more than one source")]
    [InlineData("store on unknown processor", typeof(ArgumentException), "store s: no processor named nope")]
    [InlineData("child of a sink", typeof(ArgumentException), "sink sink cannot have children")]
    public void Invalid_topologies_are_rejected_when_built(string mistake, Type expected, string reason)
    {
        var builder = new TopologyBuilder()
            .AddSource("src", Serdes.String, Serdes.String, "in")
            .AddProcessor("p", () => new RecordingProcessor(), "src")
            .AddSink("sink", "out", Serdes.String, Serdes.String, "p");

        Action build = mistake switch
        {
            "unknown parent" => () => builder.AddProcessor("q", () => new RecordingProcessor(), "nope"),
            "duplicate name" => () => builder.AddProcessor("p", () => new RecordingProcessor(), "src"),
            "topic read twice" => () => builder.AddSource("src2", Serdes.String, Serdes.String, "in").Build(),
            "store on unknown processor" => () => builder.AddStateStore(Stores.KeyValue("s", Serdes.String, Serdes.Int64), "nope"),
            "child of a sink" => () => builder.AddProcessor("q", () => new RecordingProcessor(), "sink"),
            _ => throw new ArgumentOutOfRangeException(nameof(mistake)),
        };

        // The exact type, and the reason in the message: a NullReferenceException from a bug would not pass for a rejection.
        var error = Assert.Throws(expected, build);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_processor_can_only_reach_the_stores_connected_to_it()
    {
        var topology = new TopologyBuilder()
            .AddSource("src", Serdes.String, Serdes.String, "in")
            .AddProcessor("p", () => new StoreGrabbingProcessor("other"), "src")
            .AddProcessor("q", () => new RecordingProcessor(), "src")
            .AddStateStore(Stores.KeyValue("other", Serdes.String, Serdes.Int64), "q")
            .Build();

        var error = Assert.Throws<InvalidOperationException>(() => new TopologyTestDriver(topology));
        Assert.Contains("not connected to store other", error.Message);
    }

    private static Topology SingleProcessorTopology(RecordingProcessor processor) =>
        new TopologyBuilder()
            .AddSource("src", Serdes.String, Serdes.String, "in")
            .AddProcessor("rec", () => processor, "src")
            .AddSink("sink", "out", Serdes.String, Serdes.String, "rec")
            .Build();

    private static RawRecord Raw(string topic, long offset, long timestamp, string value) =>
        new(topic, 3, offset, timestamp, Encoding.UTF8.GetBytes("k"), Encoding.UTF8.GetBytes(value), null);

    private sealed class StoreGrabbingProcessor(string store) : IProcessor<string, string>
    {
        public void Init(IProcessorContext context) => context.GetStateStore<IKeyValueStore<string, long>>(store);

        public void Process(Record<string, string> record)
        {
        }
    }
}
