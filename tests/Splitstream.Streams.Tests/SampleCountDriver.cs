using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams.Demo;

namespace Splitstream.Streams.Tests;

/// <summary>The demo topology on a test driver, with typed input and output topics.</summary>
internal sealed class SampleCountDriver : IDisposable
{
    public const string Counts = "test.counts";
    public const string WindowCounts = "test.window-counts";

    private SampleCountDriver(TopologyTestDriver driver, ISerde<GpsBatch> gpsSerde, ISerde<HeartRateBatch> hrSerde)
    {
        Driver = driver;
        Gps = driver.CreateInputTopic(Topics.Gps, Serdes.String, gpsSerde);
        HeartRate = driver.CreateInputTopic(Topics.HeartRate, Serdes.String, hrSerde);
        CountsOut = driver.CreateOutputTopic(Counts, Serdes.String, Serdes.Int64);
        WindowsOut = driver.CreateOutputTopic(WindowCounts, Serdes.String, Serdes.Int64);
    }

    public TopologyTestDriver Driver { get; }

    public TestInputTopic<string, GpsBatch> Gps { get; }

    public TestInputTopic<string, HeartRateBatch> HeartRate { get; }

    public TestOutputTopic<string, long> CountsOut { get; }

    public TestOutputTopic<string, long> WindowsOut { get; }

    public static SampleCountOptions Options(TimeSpan grace) => new() { CountsTopic = Counts, WindowCountsTopic = WindowCounts, Grace = grace };

    public static async Task<SampleCountDriver> CreateAsync(TimeSpan? grace = null, int partitions = 1, SampleCountDriver? restoreFrom = null)
    {
        var registry = new InMemorySchemaRegistry();
        var topology = SampleCountTopology.Build(registry, Options(grace ?? TimeSpan.FromSeconds(10)));
        var driver = new TopologyTestDriver(topology, "sample-count", partitions, restoreFrom: restoreFrom?.Driver);
        return new SampleCountDriver(driver,
            await Serdes.ProtobufAsync(registry, Topics.Gps, GpsBatch.Parser),
            await Serdes.ProtobufAsync(registry, Topics.HeartRate, HeartRateBatch.Parser));
    }

    public static GpsBatch GpsBatchOf(string activity, params long[] timesMs) => new()
    {
        ActivityId = activity,
        UserId = "u1",
        Samples = { timesMs.Select(t => new GpsSample { TimeMs = t, Lat = 45, Lon = -73 }) },
    };

    public static HeartRateBatch HeartRateBatchOf(string activity, params long[] timesMs) => new()
    {
        ActivityId = activity,
        UserId = "u1",
        Samples = { timesMs.Select(t => new HeartRateSample { TimeMs = t, Bpm = 140 }) },
    };

    // A batch's record timestamp is its first sample's time: stream time never runs ahead of a sample still to process.
    public void PipeGps(string activity, params long[] timesMs) => Gps.PipeInput(activity, GpsBatchOf(activity, timesMs), timesMs.Min());

    public void PipeHeartRate(string activity, params long[] timesMs) => HeartRate.PipeInput(activity, HeartRateBatchOf(activity, timesMs), timesMs.Min());

    public void Dispose() => Driver.Dispose();
}
