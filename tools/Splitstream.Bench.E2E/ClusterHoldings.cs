using Confluent.Kafka;
using K4os.Compression.LZ4;

namespace Splitstream.Bench.E2E;

/// <summary>
/// What the embedded cluster holds in this process's memory: librdkafka's mock brokers keep every partition's log in
/// memory up to their hard-coded cap (5 MiB or 100,000 message sets), then drop the oldest, which moves the partition's
/// low watermark. So a soak's RSS keeps growing until every partition it writes has reached the cap, as a real broker's
/// disk would until retention: this tells that growth from the pipeline's own. <see cref="Records"/> is the sum of
/// high − low watermark over every partition, <see cref="Capped"/> the partitions whose oldest records were dropped,
/// <see cref="EstimatedBytes"/> each topic's records times the mean key and value size of its newest records (up to
/// <see cref="SampleRecords"/> of its fullest partition; uncompressed, as a consumer sees them, headers included), and
/// <see cref="EstimatedStoredBytes"/> the same with those sampled records LZ4-compressed together, as every producer of
/// the pipeline sends them (compression.type lz4) and the mock keeps them: an estimate, since a real batch holds other
/// records than the sample.
/// </summary>
public sealed record ClusterHoldings(long Records, int Partitions, int Capped, long EstimatedBytes, long EstimatedStoredBytes)
{
    private const int SampleRecords = 20;

    public static ClusterHoldings Measure(string bootstrapServers)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        using var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "bench-e2e-cluster-holdings",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        long records = 0, bytes = 0, stored = 0;
        int partitions = 0, capped = 0;
        foreach (var topic in admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Where(t => t.Error.Code == ErrorCode.NoError))
        {
            long topicRecords = 0;
            var fullest = (Partition: (TopicPartition?)null, Marks: new WatermarkOffsets(0, 0));
            foreach (var partition in topic.Partitions)
            {
                var tp = new TopicPartition(topic.Topic, partition.PartitionId);
                var marks = probe.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
                var held = marks.High.Value - marks.Low.Value;
                topicRecords += held;
                partitions++;
                capped += marks.Low.Value > 0 ? 1 : 0;
                if (held > fullest.Marks.High.Value - fullest.Marks.Low.Value)
                {
                    fullest = (tp, marks);
                }
            }
            records += topicRecords;
            if (fullest.Partition is { } sampled)
            {
                var (raw, compressed) = MeanRecordBytes(probe, sampled, fullest.Marks);
                bytes += (long)(topicRecords * raw);
                stored += (long)(topicRecords * compressed);
            }
        }
        return new ClusterHoldings(records, partitions, capped, bytes, stored);
    }

    /// <summary>The sampled records' mean size as a consumer sees them, and as LZ4 compresses them together.</summary>
    private static (double Raw, double Compressed) MeanRecordBytes(IConsumer<byte[], byte[]> probe, TopicPartition partition, WatermarkOffsets marks)
    {
        var from = Math.Max(marks.Low.Value, marks.High.Value - SampleRecords);
        probe.Assign(new TopicPartitionOffset(partition, from));
        long read = 0;
        var sample = new MemoryStream();
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (read < marks.High.Value - from && DateTime.UtcNow < deadline)
        {
            if (probe.Consume(TimeSpan.FromMilliseconds(100)) is { Message: { } message } record && record.TopicPartition == partition)
            {
                read++;
                sample.Write(message.Key ?? []);
                sample.Write(message.Value ?? []);
                foreach (var header in message.Headers ?? [])
                {
                    sample.Write(System.Text.Encoding.UTF8.GetBytes(header.Key));
                    sample.Write(header.GetValueBytes() ?? []);
                }
            }
        }
        probe.Unassign();
        if (read == 0)
        {
            return (0, 0);
        }
        var compressed = LZ4Pickler.Pickle(sample.GetBuffer().AsSpan(0, (int)sample.Length), LZ4Level.L00_FAST).Length;
        return ((double)sample.Length / read, (double)compressed / read);
    }
}
