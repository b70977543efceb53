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

    public void ClearRequestErrors(KafkaApiKey api) =>
        MockClusterNative.rd_kafka_mock_clear_request_errors(cluster.Handle, (short)api);

    /// <summary>Every request on a topic fails with <paramref name="error"/> until set back to <see cref="ErrorCode.NoError"/>.</summary>
    public void SetTopicError(string topic, ErrorCode error) =>
        MockClusterNative.rd_kafka_mock_topic_set_error(cluster.Handle, topic, (int)error);

    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(MockClusterNative.rd_kafka_mock_partition_set_leader(cluster.Handle, topic, partition, brokerId),
            $"leader of {topic}[{partition}]");

    /// <summary>
    /// From now on the cluster records every request it receives (API and arrival time), so a test can tell whether its
    /// faults met any traffic: errors pushed with <see cref="PushRequestErrors"/> go to the next requests of that API.
    /// </summary>
    public void StartRequestTracking() => MockClusterNative.rd_kafka_mock_start_request_tracking(cluster.Handle);

    /// <summary>
    /// Arrival times (<see cref="MonotonicMicroseconds"/>) of the requests of <paramref name="api"/> received since
    /// <see cref="StartRequestTracking"/>, in order.
    /// </summary>
    public IReadOnlyList<long> RequestTimes(KafkaApiKey api)
    {
        var requests = MockClusterNative.rd_kafka_mock_get_requests(cluster.Handle, out var count);
        if (requests == 0)
        {
            return [];
        }
        try
        {
            var times = new List<long>();
            for (nuint i = 0; i < count; i++)
            {
                var request = System.Runtime.InteropServices.Marshal.ReadIntPtr(requests, checked((int)i * nint.Size));
                if (MockClusterNative.rd_kafka_mock_request_api_key(request) == (short)api)
                {
                    times.Add(MockClusterNative.rd_kafka_mock_request_timestamp(request));
                }
            }
            times.Sort();
            return times;
        }
        finally
        {
            MockClusterNative.rd_kafka_mock_request_destroy_array(requests, count);
        }
    }

    /// <summary>The clock of the cluster's request times: CLOCK_MONOTONIC in microseconds, as librdkafka's rd_clock().</summary>
    public static long MonotonicMicroseconds() =>
        (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new KafkaException(new Error((ErrorCode)error, $"mock cluster: {what} failed"));
        }
    }
}
