using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>
/// A Kafka-compatible cluster inside this process: librdkafka's mock cluster, real TCP on loopback, with idempotent
/// and transactional produce, consumer groups and offset commits. It keeps everything in memory, cannot create topics
/// through the protocol (we create them here) and does not answer OffsetsForTimes.
/// </summary>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private readonly object gate = new();
    private readonly Dictionary<string, TopicSpec> created = new(StringComparer.Ordinal);
    private nint client;
    private nint cluster;

    private EmbeddedKafkaCluster(nint client, nint cluster, int brokerCount)
    {
        this.client = client;
        this.cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(MockClusterNative.rd_kafka_mock_cluster_bootstraps(cluster))
            ?? throw new InvalidOperationException("mock cluster has no bootstrap servers");
        Faults = new KafkaFaults(this);
    }

    public string BootstrapServers { get; }

    public int BrokerCount { get; }

    public KafkaFaults Faults { get; }

    /// <summary>Every topic created so far, with the settings it was created with.</summary>
    public IReadOnlyList<TopicSpec> Topics
    {
        get
        {
            lock (gate)
            {
                return [.. created.Values];
            }
        }
    }

    /// <summary>Raised after a topic was created (the platform's archive follows new topics, changelogs included).</summary>
    public event Action<TopicSpec>? TopicCreated;

    internal nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(cluster == 0, this);
            return cluster;
        }
    }

    /// <summary>Starts a cluster of <paramref name="brokerCount"/> brokers and creates the given topics.</summary>
    public static EmbeddedKafkaCluster Start(int brokerCount = EmbeddedPlatform.DefaultBrokers, IEnumerable<TopicSpec>? topics = null)
    {
        var errors = new byte[512];
        var conf = MockClusterNative.rd_kafka_conf_new();
        // The hosting handle never talks to a cluster itself: quiet its "no bootstrap.servers" warning.
        MockClusterNative.rd_kafka_conf_set(conf, "log_level", "3", errors, (nuint)errors.Length);
        var rk = MockClusterNative.rd_kafka_new(MockClusterNative.ProducerType, conf, errors, (nuint)errors.Length);
        if (rk == 0)
        {
            throw new InvalidOperationException("rd_kafka_new failed: " + Encoding.UTF8.GetString(errors).TrimEnd('\0'));
        }
        var mcluster = MockClusterNative.rd_kafka_mock_cluster_new(rk, brokerCount);
        if (mcluster == 0)
        {
            MockClusterNative.rd_kafka_destroy(rk);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }
        var result = new EmbeddedKafkaCluster(rk, mcluster, brokerCount);
        foreach (var topic in topics ?? [])
        {
            result.CreateTopic(topic);
        }
        return result;
    }

    /// <summary>Creates a topic (replication factor = broker count, capped at 3); a topic that exists already is left as it is.</summary>
    public void CreateTopic(TopicSpec topic)
    {
        lock (gate)
        {
            if (!created.TryAdd(topic.Name, topic))
            {
                return;
            }
            var error = MockClusterNative.rd_kafka_mock_topic_create(Handle, topic.Name, topic.Partitions, Math.Min(3, BrokerCount));
            if (error != 0)
            {
                created.Remove(topic.Name);
                throw new KafkaException(new Error((ErrorCode)error, $"mock cluster: cannot create topic {topic.Name}"));
            }
        }
        TopicCreated?.Invoke(topic);
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (cluster != 0)
            {
                MockClusterNative.rd_kafka_mock_cluster_destroy(cluster);
                cluster = 0;
            }
            if (client != 0)
            {
                MockClusterNative.rd_kafka_destroy(client);
                client = 0;
            }
        }
    }
}
