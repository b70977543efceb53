using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using Splitstream.Platform;
using Splitstream.Processors.Metrics;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Replay.Tests;

/// <summary>
/// The `splitstream replay` commands as processes against an embedded cluster: export with its summary line and
/// progress on stderr; a re-run interrupted with SIGINT (exit 130, told to --resume), refused without --resume,
/// resumed to completion, and compared with an uninterrupted re-run of the library (exit 0: identical).
/// </summary>
public sealed class CliProcessTests(ReplayFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ReplayFixture>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("replay-cli-").FullName;

    [Fact]
    public async Task Export_rerun_interrupted_and_resumed_and_compare_work_from_the_command_line()
    {
        var platform = fixture.Platform;
        var activities = Enumerable.Range(1, 4).Select(i => new ActivityTelemetry(Guid.NewGuid().ToString(), 100 + i, 1_795_000_020_000 + i * 5_000L, 900, "run")).ToList();
        var records = activities.SelectMany(a => a.Records).OrderBy(r => r.TimestampMs).ToList();
        await ProduceAsync(records);
        var common = new[] { "--bootstrap", platform.BootstrapServers, "--registry", platform.SchemaRegistryUrl };

        var export = await RunAsync(["replay", "export", "--topic", Topics.Gps, "--format", "jsonl", "--out", Path.Combine(directory, "gps.jsonl"), .. common]);
        Assert.True(export.ExitCode == 0, export.Stderr);
        var gpsRecords = records.Count(r => r.Topic == Topics.Gps);
        Assert.Equal(gpsRecords, File.ReadAllLines(Path.Combine(directory, "gps.jsonl")).Length);
        Assert.Contains($"{gpsRecords} records selected from {Topics.Gps}", export.Stdout);
        Assert.Contains("100.0%", export.Stderr);

        // The embedded cluster has no CreateTopics: the topics are created beforehand, as an operator would.
        const string applicationId = "cli-rerun";
        foreach (var topic in new ActivityMetricsRerun().OutputTopics(4).Select(t => t with { Name = t.Name + ".cli" })
                     .Append(new TopicSpec(Topics.DeadLetter + ".cli", 4, false))
                     .Append(new TopicSpec(Topics.Changelog(applicationId, ActivityMetricsTopology.StateStore), 4, true))
                     .Append(new TopicSpec(Topics.Changelog(applicationId, ActivityMetricsTopology.UnsettledStore), 4, true)))
        {
            platform.Cluster.CreateTopic(topic);
        }
        string[] rerun = ["replay", "rerun", "--topology", "activity-metrics", "--application-id", applicationId, "--output-suffix", "cli", "--state-dir", directory, .. common];
        var interrupted = await RunAsync(rerun, interruptWhenStderrContains: "rerun cli-rerun [");
        Assert.True(interrupted.ExitCode == 130, $"exit {interrupted.ExitCode}: {interrupted.Stderr}");
        Assert.Contains("--resume", interrupted.Stderr);
        var refused = await RunAsync(rerun);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--resume", refused.Stderr);
        var resumed = await RunAsync([.. rerun, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains($"{records.Count:N0} input records", resumed.Stdout);
        Assert.Contains($"{Topics.ActivitySummary}.cli:", resumed.Stdout);

        var library = new RerunRequest("lib-rerun", "lib") { StateDirectory = directory };
        await new TopologyRerun(fixture.Connection, platform.Registry, new EmbeddedTopicProvisioner(platform.Cluster)).RunAsync(new ActivityMetricsRerun(), library, NoProgress.Instance);
        var compare = await RunAsync(["replay", "compare", "--left", Topics.ActivitySummary + ".cli", "--right", library.OutputTopic(Topics.ActivitySummary), .. common]);
        Assert.True(compare.ExitCode == 0, compare.Stdout + compare.Stderr);
        Assert.Contains($"{activities.Count} identical, 0 differ", compare.Stdout);
    }

    private async Task ProduceAsync(List<(string Topic, string Key, IMessage Value, long TimestampMs)> records)
    {
        var platform = fixture.Platform;
        var serializers = new Dictionary<string, Func<IMessage, byte[]>>
        {
            [Topics.ActivityEvents] = Of(await ProtobufSerializer<ActivityEvent>.CreateAsync(platform.Registry, Topics.ActivityEvents, ActivityEvent.Parser)),
            [Topics.Gps] = Of(await ProtobufSerializer<GpsBatch>.CreateAsync(platform.Registry, Topics.Gps, GpsBatch.Parser)),
            [Topics.HeartRate] = Of(await ProtobufSerializer<HeartRateBatch>.CreateAsync(platform.Registry, Topics.HeartRate, HeartRateBatch.Parser)),
        };
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = platform.BootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build();
        foreach (var (topic, key, value, timestamp) in records)
        {
            producer.Produce(topic, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(key),
                Value = serializers[topic](value),
                Timestamp = new Timestamp(timestamp, TimestampType.CreateTime),
            });
        }
        producer.Flush(TimeSpan.FromSeconds(30));

        static Func<IMessage, byte[]> Of<T>(ProtobufSerializer<T> serializer) where T : IMessage<T> => m => serializer.Serialize((T)m);
    }

    /// <summary>Runs the built CLI; optionally sends it SIGINT (Ctrl-C) once its stderr shows <paramref name="interruptWhenStderrContains"/>.</summary>
    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args, string? interruptWhenStderrContains = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (interruptWhenStderrContains is not null && SignalDisposition.IgnoredHere(SignalDisposition.SigInt))
        {
            // This test run ignores SIGINT (started with & from a non-interactive shell) and the CLI would inherit that:
            // GNU env (coreutils 8.31+) restores the default before it execs the CLI, as a terminal's Ctrl-C would find it.
            info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(CliPath());
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new StringBuilder();
        var interrupted = false;
        var buffer = new char[256];
        int read;
        while ((read = await process.StandardError.ReadAsync(buffer)) > 0)
        {
            stderr.Append(buffer, 0, read);
            if (!interrupted && interruptWhenStderrContains is not null && stderr.ToString().Contains(interruptWhenStderrContains, StringComparison.Ordinal))
            {
                interrupted = true;
                if (SignalDisposition.Ignores(process.Id, SignalDisposition.SigInt))
                {
                    process.Kill();
                    Assert.Fail($"the CLI ignores SIGINT (SIG_IGN inherited from this test run{(SignalDisposition.IgnoredHere(SignalDisposition.SigInt)
                        ? ", which ignores it: started in the background, e.g. with & from a non-interactive shell" : "")}), so Ctrl-C can't be "
                        + "tested: run the tests in the foreground");
                }
                using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }
        }
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {string.Join(' ', args.Take(2))}: exit {process.ExitCode}\n{await stdout}{stderr.ToString().Replace('\r', '\n')}");
        return (process.ExitCode, await stdout, stderr.ToString());
    }

    /// <summary>The CLI built next to this test assembly (same configuration); the project reference makes the build produce it.</summary>
    private static string CliPath()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = bin.Parent!.Name;
        var root = bin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, "tools", "Splitstream.Cli", "bin", configuration, "net10.0", "splitstream.dll");
        Assert.True(File.Exists(path), $"{path} is not built");
        return path;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
