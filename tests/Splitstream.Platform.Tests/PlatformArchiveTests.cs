using System.Text;
using Confluent.Kafka;
using Splitstream.Platform.Archive;
using Splitstream.Schemas;

namespace Splitstream.Platform.Tests;

/// <summary>
/// The embedded platform's archive: what a producer was told is durable comes back after a restart, at its own offset,
/// with key, value, headers and timestamp; a crash's torn tail is cut off; committed offsets come back; the cluster's
/// 5 MiB cap and the archive's retention together never show a restored consumer a placeholder.
/// </summary>
public sealed class PlatformArchiveTests : IDisposable
{
    private const string Topic = "archive.test.v1";
    private static readonly TopicSpec Spec = new(Topic, 3, Compacted: false);
    private readonly string directory = Directory.CreateTempSubdirectory("splitstream-archive-").FullName;

    [Fact]
    public async Task Records_acknowledged_as_durable_come_back_at_their_offsets_after_a_crash()
    {
        List<(int Partition, long Offset, string Key, string Value)> sent;
        await using (var first = await StartAsync(directory))
        {
            first.Cluster.CreateTopic(Spec);
            sent = await ProduceAsync(first, count: 300, valueBytes: 100);
            // A crash right after the acknowledgements: the disk as it is now, copied while the platform still runs.
            CopyDirectory(directory, directory + "-crash");
        }

        await using var second = await StartAsync(directory + "-crash");
        Assert.Equal(0, second.Restored!.MismatchedPartitions);
        var read = ReadAll(second, Topic, Spec.Partitions);
        Assert.Equal(sent.OrderBy(s => (s.Partition, s.Offset)), read.Select(r => (r.Partition.Value, r.Offset.Value,
            Encoding.UTF8.GetString(r.Message.Key), Encoding.UTF8.GetString(r.Message.Value))));
        Assert.All(read, r => Assert.Equal("header-of-" + Encoding.UTF8.GetString(r.Message.Key),
            Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes("origin"))));
        Assert.All(read, r => Assert.Equal(1_700_000_000_000 + r.Offset.Value, r.Message.Timestamp.UnixTimestampMs));
    }

    [Fact]
    public async Task A_torn_record_at_the_end_of_a_segment_is_cut_off_and_archiving_goes_on_from_there()
    {
        await using (var first = await StartAsync(directory))
        {
            first.Cluster.CreateTopic(Spec);
            await ProduceAsync(first, count: 30, valueBytes: 50);
        }
        var segment = Directory.GetFiles(Path.Combine(directory, Topic, "0"), "*.log").Single();
        var intact = new FileInfo(segment).Length;
        await File.AppendAllTextAsync(segment, "half a record written when the power went");

        await using var second = await StartAsync(directory);
        Assert.Equal(intact, new FileInfo(segment).Length);
        var restored = ReadAll(second, Topic, Spec.Partitions);
        Assert.Equal(30, restored.Count);
        var more = await ProduceAsync(second, count: 30, valueBytes: 50);
        Assert.All(more, m => Assert.True(m.Offset >= 0));
        Assert.Equal(60, ReadAll(second, Topic, Spec.Partitions).Count);
    }

    [Fact]
    public async Task Committed_offsets_of_tracked_groups_come_back_after_a_restart()
    {
        await using (var first = await StartAsync(directory))
        {
            first.Cluster.CreateTopic(Spec);
            first.Archive!.TrackConsumerGroups(["archive-test-group"]);
            await ProduceAsync(first, count: 30, valueBytes: 10);
            using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
            {
                BootstrapServers = first.BootstrapServers, GroupId = "archive-test-group", EnableAutoCommit = false,
            }).Build();
            consumer.Commit([new TopicPartitionOffset(Topic, 0, 4), new TopicPartitionOffset(Topic, 2, 7)]);
        }

        await using var second = await StartAsync(directory);
        using var restarted = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = second.BootstrapServers, GroupId = "archive-test-group", EnableAutoCommit = false,
        }).Build();
        var committed = restarted.Committed(Enumerable.Range(0, 3).Select(p => new TopicPartition(Topic, p)), TimeSpan.FromSeconds(10));
        Assert.Equal([4L, -1001L, 7L], committed.OrderBy(c => c.Partition.Value).Select(c => c.Offset.Value));
        Assert.Equal(1, second.Restored!.ConsumerGroups);
    }

    [Fact]
    public async Task Beyond_the_clusters_5_MiB_cap_old_segments_go_and_the_restored_partition_shows_only_real_records_at_their_offsets()
    {
        var options = new ArchiveOptions { KeepPayloadBytesPerPartition = 6L * 1024 * 1024, SegmentBytes = 1024 * 1024, RetentionInterval = TimeSpan.FromMilliseconds(100) };
        var single = new TopicSpec("archive.capped.v1", 1, Compacted: false);
        long end;
        await using (var first = await StartAsync(directory, options))
        {
            first.Cluster.CreateTopic(single);
            // 12 MiB into one partition, 1 MiB at a time (each durable before the next: the archive follows the cluster,
            // which drops what is beyond its newest 5 MiB whether or not the archive read it): the cluster keeps the
            // newest 5 MiB, the archive at least 6 MiB of payload.
            for (end = 0; end < 12 * 1024;)
            {
                end = (await ProduceAsync(first, count: 1024, valueBytes: 1024, topic: single.Name, partitions: 1, firstOffset: end)).Max(s => s.Offset) + 1;
            }
            await WaitUntilAsync(() => Directory.GetFiles(Path.Combine(directory, single.Name, "0"), "*.log").Length <= 8);
        }
        var kept = Directory.GetFiles(Path.Combine(directory, single.Name, "0"), "*.log").Sum(f => new FileInfo(f).Length);
        Assert.InRange(kept, 6L * 1024 * 1024, 8L * 1024 * 1024);

        await using var second = await StartAsync(directory, options);
        Assert.True(second.Restored!.Placeholders > 0, "old segments were deleted, so their offsets come back as placeholders");
        var read = ReadAll(second, single.Name, 1);
        Assert.Equal(end - 1, read[^1].Offset.Value);
        // Every record a consumer can read is a real one, at its own offset (its key names that offset).
        Assert.All(read, r => Assert.Equal($"key-{r.Offset.Value}", Encoding.UTF8.GetString(r.Message.Key)));
        // About the cluster's 5 MiB of these ~1.3 KiB records (key, value, header), no more.
        Assert.InRange(read.Count, 3 * 1024, 6 * 1024);
    }

    public void Dispose()
    {
        foreach (var path in new[] { directory, directory + "-crash" }.Where(Directory.Exists))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static Task<EmbeddedPlatform> StartAsync(string dataDirectory, ArchiveOptions? options = null) =>
        EmbeddedPlatform.StartAsync(partitions: 2, dataDirectory: dataDirectory,
            archiveOptions: options ?? new ArchiveOptions { GroupSnapshotInterval = TimeSpan.FromMilliseconds(200) });

    /// <summary>Produces keyed records (key = "key-&lt;n&gt;", for one partition its offset), then waits until all are durable.</summary>
    private static async Task<List<(int Partition, long Offset, string Key, string Value)>> ProduceAsync(EmbeddedPlatform platform, int count, int valueBytes,
        string topic = Topic, int partitions = 3, long firstOffset = 0)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = platform.BootstrapServers, EnableIdempotence = true, Acks = Acks.All, LingerMs = 5,
        }).Build();
        var filler = new string('x', valueBytes);
        var deliveries = new List<(Task<DeliveryResult<byte[], byte[]>> Delivery, string Key, string Value)>();
        var next = Enumerable.Repeat(firstOffset, partitions).ToArray();
        for (var i = 0; i < count; i++)
        {
            var partition = i % partitions;
            var key = partitions == 1 ? $"key-{next[partition]}" : $"key-{i}";
            var value = $"{i}:{filler}";
            deliveries.Add((producer.ProduceAsync(new TopicPartition(topic, partition), new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(key),
                Value = Encoding.UTF8.GetBytes(value),
                Headers = new Headers { { "origin", Encoding.UTF8.GetBytes("header-of-" + key) } },
                Timestamp = new Timestamp(1_700_000_000_000 + next[partition], TimestampType.CreateTime),
            }), key, value));
            next[partition]++;
        }
        await Task.WhenAll(deliveries.Select(d => d.Delivery));
        var sent = deliveries.Select(d => (d.Delivery.Result.Partition.Value, d.Delivery.Result.Offset.Value, d.Key, d.Value)).ToList();
        foreach (var last in sent.GroupBy(s => s.Item1).Select(g => g.MaxBy(s => s.Item2)))
        {
            await platform.Durability.WaitDurableAsync(topic, last.Item1, last.Item2, CancellationToken.None);
        }
        return sent;
    }

    private static List<ConsumeResult<byte[], byte[]>> ReadAll(EmbeddedPlatform platform, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = platform.BootstrapServers, GroupId = "reader-" + Guid.NewGuid().ToString("N"), EnableAutoCommit = false,
        }).Build();
        var read = new List<ConsumeResult<byte[], byte[]>>();
        for (var partition = 0; partition < partitions; partition++)
        {
            var tp = new TopicPartition(topic, partition);
            var marks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
            if (marks.High.Value <= marks.Low.Value)
            {
                continue;
            }
            consumer.Assign(new TopicPartitionOffset(tp, marks.Low));
            for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline;)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } record)
                {
                    read.Add(record);
                    if (record.Offset.Value + 1 >= marks.High.Value)
                    {
                        break;
                    }
                }
            }
        }
        return read;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); !condition() && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
