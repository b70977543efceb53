using System.Buffers.Binary;
using System.Text;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;
using Splitstream.Streams.Demo;

namespace Splitstream.Replay.Tests;

/// <summary>
/// The re-run machinery on the runtime's demo topology (sample counts per activity): a live instance and a re-run
/// under a new id agree key by key; an interrupted re-run is reported, refuses to start again without --resume, and
/// resumed ends where a single run would have; the live id and a used id are refused.
/// </summary>
public sealed class SampleCountRerunTests(ReplayFixture fixture) : IClassFixture<ReplayFixture>, IDisposable
{
    private readonly TestTopics topics = new(fixture.Platform);
    private readonly string stateDirectory = Directory.CreateTempSubdirectory("replay-state-").FullName;

    private sealed class SampleCountDefinition(string gps, string hr, string counts, string windows) : IRerunnableTopology
    {
        public string Name => "sample-count";

        public string LiveApplicationId => "live-" + counts;

        public IReadOnlyList<string> InputTopics => [gps, hr];

        public IReadOnlyList<string> SettingKeys => ["Grace"];

        public IReadOnlyList<TopicSpec> OutputTopics(int partitions) => [new(counts, partitions, Compacted: false), new(windows, partitions, Compacted: false)];

        public Topology Build(ISchemaRegistry registry, Func<string, string> outputName, IReadOnlyDictionary<string, string> settings)
        {
            var options = new SampleCountOptions { GpsTopic = gps, HeartRateTopic = hr, CountsTopic = outputName(counts), WindowCountsTopic = outputName(windows), Grace = TimeSpan.FromDays(1) };
            foreach (var (key, value) in settings)
            {
                options = key == "Grace" ? options with { Grace = SettingsBinder.ParseDuration(value) } : throw new ArgumentException($"unknown setting {key}");
            }
            return SampleCountTopology.Build(registry, options);
        }
    }

    private async Task<SampleCountDefinition> ProduceAsync(int activities, int batches)
    {
        var gps = topics.Create(Topics.Gps);
        var hr = topics.Create(Topics.HeartRate);
        var definition = new SampleCountDefinition(gps, hr, "counts-" + gps[^12..], "windows-" + gps[^12..]);
        foreach (var o in definition.OutputTopics(4))
        {
            fixture.Platform.Cluster.CreateTopic(o);
        }
        var sends = new List<Task>();
        for (var b = 0; b < batches; b++)
        {
            for (var a = 0; a < activities; a++)
            {
                var id = $"act-{a}";
                var t = 1_763_625_600_000 + b * 5_000L;
                var batch = new GpsBatch { ActivityId = id };
                batch.Samples.Add(Enumerable.Range(0, 5).Select(i => new GpsSample { TimeMs = t + i * 1000, Lat = 1, Lon = 2 }));
                sends.Add(topics.ProduceAsync(gps, id, batch, t));
                sends.Add(topics.ProduceAsync(hr, id, new HeartRateBatch { ActivityId = id, Samples = { new HeartRateSample { TimeMs = t, Bpm = 100 } } }, t));
            }
        }
        await Task.WhenAll(sends);
        return definition;
    }

    private TopologyRerun Rerun() => new(fixture.Connection, fixture.Platform.Registry, new EmbeddedTopicProvisioner(fixture.Platform.Cluster));

    private Dictionary<string, long> Latest(string topic) => topics.ReadAll(topic)
        .GroupBy(r => Encoding.UTF8.GetString(r.Message.Key))
        .ToDictionary(g => g.Key, g => BinaryPrimitives.ReadInt64BigEndian(g.OrderBy(r => r.Offset.Value).Last().Message.Value));

    [Fact]
    public async Task A_rerun_matches_the_live_topology_and_an_interrupted_one_resumes_to_the_same_end()
    {
        var definition = await ProduceAsync(activities: 20, batches: 60);
        var counts = definition.OutputTopics(4)[0].Name;
        await using (var live = new KafkaStreamsRuntime(definition.Build(fixture.Platform.Registry, t => t, new Dictionary<string, string>()), new StreamsConfig
        {
            ApplicationId = definition.LiveApplicationId,
            BootstrapServers = fixture.Platform.BootstrapServers,
            CommitInterval = TimeSpan.FromMilliseconds(100),
        }, new EmbeddedTopicProvisioner(fixture.Platform.Cluster)))
        {
            await live.StartAsync();
            await Eventually(() => Latest(counts).Values.Sum() == 20 * 60 * 6);
        }
        var request = new RerunRequest("rerun-" + counts, "r1") { StateDirectory = stateDirectory, CommitInterval = TimeSpan.FromMilliseconds(100) };
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Rerun().RunAsync(definition, request, new CancelWhenStarted(cancel), cancel.Token));
        var interrupted = RerunManifest.Load(RerunManifest.PathFor(stateDirectory, request.ApplicationId))!;
        Assert.Equal("interrupted", interrupted.Status);
        Assert.Equal(20 * 60 * 2, interrupted.TotalRecords);
        var again = await Assert.ThrowsAsync<ArgumentException>(() => Rerun().RunAsync(definition, request, NoProgress.Instance));
        Assert.Contains("--resume", again.Message);

        var result = await Rerun().RunAsync(definition, request with { Resume = true }, NoProgress.Instance);

        Assert.Equal(Latest(counts), Latest(request.OutputTopic(counts)));
        Assert.Equal(20, result.Outputs[request.OutputTopic(counts)].Keys);
        Assert.Equal(20 * 60 * 2, result.InputRecords);
        Assert.Equal("complete", RerunManifest.Load(RerunManifest.PathFor(stateDirectory, request.ApplicationId))!.Status);
        var done = await Assert.ThrowsAsync<ArgumentException>(() => Rerun().RunAsync(definition, request with { Resume = true }, NoProgress.Instance));
        Assert.Contains("complete", done.Message);
    }

    [Fact]
    public async Task The_live_id_a_used_id_and_a_bad_setting_are_refused_before_anything_runs()
    {
        var definition = await ProduceAsync(activities: 2, batches: 2);

        var live = await Assert.ThrowsAsync<ArgumentException>(() => Rerun().RunAsync(definition, new RerunRequest(definition.LiveApplicationId, "x") { StateDirectory = stateDirectory }, NoProgress.Instance));
        var setting = await Assert.ThrowsAsync<ArgumentException>(() => Rerun().RunAsync(definition,
            new RerunRequest("rerun-bad-setting-" + Guid.NewGuid().ToString("N")[..6], "x") { StateDirectory = stateDirectory, Settings = new Dictionary<string, string> { ["Nope"] = "1" } }, NoProgress.Instance));

        Assert.Contains("live application id", live.Message);
        Assert.Contains("unknown setting", setting.Message);
        Assert.Empty(Directory.Exists(Path.Combine(stateDirectory, "reruns")) ? Directory.GetFiles(Path.Combine(stateDirectory, "reruns")) : []);
    }

    public void Dispose()
    {
        topics.Dispose();
        Directory.Delete(stateDirectory, recursive: true);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); !condition(); await Task.Delay(200))
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 60 s");
        }
    }

    /// <summary>Ctrl-C as soon as the re-run reports progress.</summary>
    private sealed class CancelWhenStarted(CancellationTokenSource cancel) : IProgressSink
    {
        public void Report(long done, long total) => cancel.Cancel();

        public void Complete(string summary)
        {
        }
    }
}
