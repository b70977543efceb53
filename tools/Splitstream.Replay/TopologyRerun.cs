using System.Text;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Splitstream.Platform;
using Splitstream.Schemas;
using Splitstream.Streams;

namespace Splitstream.Replay;

/// <summary>
/// Runs a topology from the beginning of its inputs under a new application id into new output topics
/// (<c>&lt;topic&gt;.&lt;suffix&gt;</c>, created through <see cref="ITopicProvisioner"/>), until its committed offsets
/// reach the input end offsets captured at the start; then it lets the wall-clock punctuations emit what the last
/// records changed, stops gracefully (flush, commit) and reports counts. The runtime is the production one, so
/// outputs follow the same commit protocol: an interrupted re-run resumes from its committed offsets
/// (<see cref="RerunRequest.Resume"/>) towards the same end offsets, and its keyed outputs converge as if it had run
/// once.
/// </summary>
public sealed partial class TopologyRerun(ReplayConnection connection, ISchemaRegistry registry, ITopicProvisioner topicProvisioner, ILoggerFactory? logs = null)
{
    private readonly ITopicProvisioner provisioner = new CheckingTopicProvisioner(topicProvisioner, connection);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public async Task<RerunResult> RunAsync(IRerunnableTopology definition, RerunRequest request, IProgressSink progress, CancellationToken cancellationToken = default)
    {
        var manifestPath = RerunManifest.PathFor(request.StateDirectory, request.ApplicationId);
        var manifest = Prepare(definition, request, manifestPath);
        var outputs = definition.OutputTopics(InputPartitions(definition)).ToList();
        var deadLetters = request.OutputTopic(Topics.DeadLetter);
        await provisioner.EnsureTopicsAsync(
            outputs.Select(o => o with { Name = request.OutputTopic(o.Name) })
                .Append(new TopicSpec(deadLetters, outputs[0].Partitions, Compacted: false)), cancellationToken);
        var topology = definition.Build(registry, request.OutputTopic, manifest.Settings);

        var runtime = new KafkaStreamsRuntime(topology, new StreamsConfig
        {
            ApplicationId = request.ApplicationId,
            BootstrapServers = connection.BootstrapServers,
            ClientId = $"{request.ApplicationId}-replay-{Environment.ProcessId}",
            CommitInterval = request.CommitInterval,
            DeadLetterTopic = deadLetters,
            Kafka = connection.Kafka,
            // Persistent stores of a re-run resume with it: next to its manifest.
            StateDir = Path.Combine(request.StateDirectory, "state"),
        }, provisioner, (logs ?? NullLoggerFactory.Instance).CreateLogger<KafkaStreamsRuntime>());
        var status = "failed";
        try
        {
            await runtime.StartAsync(cancellationToken);
            await RunToEndAsync(runtime, request, manifest, manifestPath, progress, cancellationToken);
            await runtime.StopAsync();
            if (runtime.Failure is { } failure)
            {
                throw new InvalidOperationException($"the re-run's runtime failed: {failure.Message}", failure);
            }
            status = "complete";
        }
        catch (OperationCanceledException)
        {
            status = "interrupted";
            throw;
        }
        finally
        {
            // A graceful stop commits what was processed, so a resumed run starts there.
            await runtime.DisposeAsync();
            var committed = CommittedRecords(request.ApplicationId, manifest);
            manifest = manifest with { Status = status, CommittedRecords = committed };
            manifest.Save(manifestPath);
            progress.Complete(status == "complete"
                ? $"re-run {request.ApplicationId}: complete, {committed:N0} input records"
                : $"re-run {request.ApplicationId}: {status} after {committed:N0} of {manifest.TotalRecords:N0} input records; " +
                  $"continue with --resume (manifest {manifestPath})");
        }
        var counts = outputs.ToDictionary(o => request.OutputTopic(o.Name), o => CountOutput(request.OutputTopic(o.Name)));
        return new RerunResult(request.ApplicationId, manifest.TotalRecords, runtime.Metrics.RecordsProcessed, runtime.Metrics.DeadLetters,
            counts, deadLetters, request.Resume);
    }

    /// <summary>Checks the id and the suffix, then loads (resume) or writes (first start) the manifest with the input end offsets.</summary>
    private RerunManifest Prepare(IRerunnableTopology definition, RerunRequest request, string manifestPath)
    {
        if (request.ApplicationId == definition.LiveApplicationId)
        {
            throw new ArgumentException($"{request.ApplicationId} is the live application id of {definition.Name}: a re-run needs an id of its own");
        }
        if (!SafeName().IsMatch(request.ApplicationId) || !SafeName().IsMatch(request.OutputSuffix))
        {
            throw new ArgumentException("the application id and the output suffix may hold letters, digits, '.', '_' and '-' only");
        }
        var existing = RerunManifest.Load(manifestPath);
        if (existing is not null)
        {
            if (existing.Topology != definition.Name || existing.OutputSuffix != request.OutputSuffix)
            {
                throw new ArgumentException($"{request.ApplicationId} was used for {existing.Topology} into *.{existing.OutputSuffix} ({manifestPath})");
            }
            if (existing.IsComplete)
            {
                throw new ArgumentException($"re-run {request.ApplicationId} is complete already ({manifestPath}); choose another application id");
            }
            if (!request.Resume)
            {
                throw new ArgumentException($"re-run {request.ApplicationId} was {existing.Status} after {existing.CommittedRecords:N0} of " +
                    $"{existing.TotalRecords:N0} input records: pass --resume to finish it, or choose another application id");
            }
            if (request.Settings.Count > 0 && !request.Settings.OrderBy(s => s.Key).SequenceEqual(existing.Settings.OrderBy(s => s.Key)))
            {
                throw new ArgumentException("a resumed re-run keeps the settings it started with: " +
                    string.Join(", ", existing.Settings.Select(s => $"{s.Key}={s.Value}")));
            }
            var resumed = existing with { Status = "running" };
            resumed.Save(manifestPath);
            return resumed;
        }
        if (request.Resume)
        {
            throw new ArgumentException($"nothing to resume: no manifest {manifestPath}");
        }
        var ends = definition.InputTopics.ToDictionary(t => t, EndOffsets);
        var manifest = new RerunManifest
        {
            Topology = definition.Name,
            ApplicationId = request.ApplicationId,
            OutputSuffix = request.OutputSuffix,
            Settings = request.Settings.ToDictionary(),
            InputEndOffsets = ends,
            StartedAt = DateTimeOffset.UtcNow,
            TotalRecords = ends.Sum(t => t.Value.Sum(p => p.Value - StartOffset(t.Key, p.Key))),
        };
        if (CommittedRecords(request.ApplicationId, manifest) > 0)
        {
            throw new ArgumentException($"application id {request.ApplicationId} has committed offsets already (used before, without a manifest here): choose another");
        }
        // Validate the settings before anything is written.
        definition.Build(registry, request.OutputTopic, manifest.Settings);
        manifest.Save(manifestPath);
        return manifest;
    }

    private async Task RunToEndAsync(KafkaStreamsRuntime runtime, RerunRequest request, RerunManifest manifest, string manifestPath,
        IProgressSink progress, CancellationToken cancellationToken)
    {
        var lastCommitted = -1L;
        var lastMove = DateTime.UtcNow;
        var lastSave = DateTime.UtcNow;
        while (true)
        {
            await Task.Delay(Poll, cancellationToken);
            if (runtime.State == RuntimeState.Failed)
            {
                throw new InvalidOperationException("the re-run's runtime failed: " + runtime.Failure?.Message, runtime.Failure);
            }
            var committed = CommittedRecords(request.ApplicationId, manifest);
            progress.Report(committed, manifest.TotalRecords);
            if (committed != lastCommitted)
            {
                lastCommitted = committed;
                lastMove = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - lastMove > request.StallTimeout)
            {
                throw new TimeoutException($"the re-run made no progress for {request.StallTimeout} ({committed:N0} of {manifest.TotalRecords:N0})");
            }
            if (DateTime.UtcNow - lastSave > TimeSpan.FromSeconds(5))
            {
                (manifest with { CommittedRecords = committed }).Save(manifestPath);
                lastSave = DateTime.UtcNow;
            }
            if (committed >= manifest.TotalRecords)
            {
                break;
            }
        }
        // Every input record is processed and committed. What the last records changed may go out only on the next
        // wall-clock punctuation (summaries do): wait for two more of them, when the topology punctuates at all. The
        // graceful stop that follows flushes the producer, so everything emitted is acknowledged before the counts.
        var punctuations = runtime.Metrics.Punctuations;
        var settle = DateTime.UtcNow;
        while (punctuations > 0 && runtime.Metrics.Punctuations < punctuations + 2)
        {
            if (DateTime.UtcNow - settle > request.StallTimeout)
            {
                throw new TimeoutException("the re-run caught up but its punctuations stopped");
            }
            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>Input records (by offsets) the group has committed, up to the captured end offsets.</summary>
    private long CommittedRecords(string applicationId, RerunManifest manifest)
    {
        using var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig(connection.Kafka.ToDictionary())
        {
            BootstrapServers = connection.BootstrapServers,
            GroupId = applicationId,
            EnableAutoCommit = false,
        }).Build();
        var partitions = manifest.InputEndOffsets.SelectMany(t => t.Value.Keys.Select(p => new TopicPartition(t.Key, p))).ToList();
        var committed = probe.Committed(partitions, TimeSpan.FromSeconds(10)).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
        return partitions.Sum(tp =>
        {
            var end = manifest.InputEndOffsets[tp.Topic][tp.Partition.Value];
            var start = StartOffset(tp.Topic, tp.Partition.Value);
            return Math.Clamp(committed[tp] < 0 ? start : committed[tp], start, Math.Max(start, end)) - start;
        });
    }

    private readonly Dictionary<(string, int), long> startOffsets = [];

    /// <summary>The log start of a partition (records before it are gone), looked up once.</summary>
    private long StartOffset(string topic, int partition)
    {
        if (!startOffsets.TryGetValue((topic, partition), out var start))
        {
            using var consumer = new ConsumerBuilder<byte[], byte[]>(connection.Consumer("rerun")).Build();
            start = startOffsets[(topic, partition)] = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(10)).Low.Value;
        }
        return start;
    }

    private Dictionary<int, long> EndOffsets(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(connection.Consumer("rerun")).Build();
        return TopicRanges.Partitions(connection, topic).ToDictionary(p => p,
            p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    private int InputPartitions(IRerunnableTopology definition) => TopicRanges.Partitions(connection, definition.InputTopics[0]).Count;

    private (long Records, int Keys) CountOutput(string topic)
    {
        var ranges = TopicRanges.Plan(connection, topic, ReadSelection.All);
        var keys = new HashSet<string>();
        new RangeReader(connection).ReadAsync(ranges, r =>
        {
            keys.Add(r.Message.Key is { } k ? Encoding.UTF8.GetString(k) : "");
            return Task.CompletedTask;
        }, NoProgress.Instance, CancellationToken.None).GetAwaiter().GetResult();
        return (ranges.Sum(r => r.Count), keys.Count);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,200}$")]
    private static partial Regex SafeName();
}
