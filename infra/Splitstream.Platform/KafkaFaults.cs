using Confluent.Kafka;

namespace Splitstream.Platform;

/// <summary>
/// Fault injection on the embedded cluster, for reliability tests: brokers down and up, round-trip delays, and
/// protocol errors returned to the next requests of an API. Broker ids are 1..N.
/// </summary>
public sealed class KafkaFaults
{
    private readonly EmbeddedKafkaCluster cluster;

    internal KafkaFaults(EmbeddedKafkaCluster cluster) => this.cluster = cluster;

    public void SetBrokerDown(int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_broker_set_down(cluster.Handle, brokerId), $"broker {brokerId} down");

    public void SetBrokerUp(int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_broker_set_up(cluster.Handle, brokerId), $"broker {brokerId} up");

    public void SetAllBrokersDown()
    {
        for (var id = 1; id <= cluster.BrokerCount; id++)
        {
            SetBrokerDown(id);
        }
    }

    public void SetAllBrokersUp()
    {
        for (var id = 1; id <= cluster.BrokerCount; id++)
        {
            SetBrokerUp(id);
        }
    }

    /// <summary>Delays every response of a broker by the given round-trip time.</summary>
    public void SetBrokerRoundTrip(int brokerId, TimeSpan rtt) =>
        Check(MockClusterNative.rd_kafka_mock_broker_set_rtt(cluster.Handle, brokerId, (int)rtt.TotalMilliseconds), $"broker {brokerId} rtt");

    /// <summary>The next requests of <paramref name="api"/> (one per error, any broker) fail with these errors in turn.</summary>
    public void PushRequestErrors(KafkaApiKey api, params ErrorCode[] errors) =>
        MockClusterNative.rd_kafka_mock_push_request_errors_array(
            cluster.Handle, (short)api, (nuint)errors.Length, Array.ConvertAll(errors, e => (int)e));

    /// <summary>
    /// The next requests of <paramref name="api"/> on one broker fail with these errors in turn, after any still pending
    /// there (while a broker has such errors, that API ignores <see cref="PushRequestErrors"/> there). Unlike the
    /// cluster's, a broker's pending errors can be counted (<see cref="PendingRequestErrors"/>): what was handed out.
    /// </summary>
    public void PushRequestErrors(int brokerId, KafkaApiKey api, params ErrorCode[] errors)
    {
        foreach (var error in errors)
        {
            Check(MockClusterNative.rd_kafka_mock_broker_push_request_error_rtts(cluster.Handle, brokerId, (short)api, 1, (int)error, 0),
                $"broker {brokerId} request errors");
        }
    }

    /// <summary>
    /// Makes <paramref name="brokerId"/> the coordinator of a consumer group (set before the group's members join), so a
    /// test can aim request errors at the broker that receives the group's joins and offset commits.
    /// </summary>
    public void SetGroupCoordinator(string groupId, int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_coordinator_set(cluster.Handle, "group", groupId, brokerId),
            $"coordinator of group {groupId}");

    /// <summary>How many errors pushed for <paramref name="api"/> on the broker are still waiting for a request.</summary>
    public long PendingRequestErrors(int brokerId, KafkaApiKey api)
    {
        Check(MockClusterNative.rd_kafka_mock_broker_error_stack_cnt(cluster.Handle, brokerId, (short)api, out var count),
            $"broker {brokerId} pending request errors");
        return (long)count;
    }

    public void ClearRequestErrors(KafkaApiKey api) =>
        MockClusterNative.rd_kafka_mock_clear_request_errors(cluster.Handle, (short)api);

    /// <summary>Every request on a topic fails with <paramref name="error"/> until set back to <see cref="ErrorCode.NoError"/>.</summary>
    public void SetTopicError(string topic, ErrorCode error) =>
        MockClusterNative.rd_kafka_mock_topic_set_error(cluster.Handle, topic, (int)error);

    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_partition_set_leader(cluster.Handle, topic, partition, brokerId),
            $"leader of {topic}[{partition}]");

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new KafkaException(new Error((ErrorCode)error, $"mock cluster: {what} failed"));
        }
    }
}
