using System.Runtime.InteropServices;

namespace Splitstream.Platform;

/// <summary>
/// P/Invoke surface of librdkafka's mock cluster (rdkafka_mock.h). The library name is resolved by
/// <see cref="KafkaNative"/> to the same handle Confluent.Kafka uses (librdkafka.redist 2.16).
/// </summary>
internal static partial class MockClusterNative
{
    private const string Lib = "librdkafka";

    public const int ProducerType = 0;

    [LibraryImport(Lib)]
    public static partial nint rd_kafka_conf_new();

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_conf_set(nint conf, string name, string value, byte[] errstr, nuint errstrSize);

    [LibraryImport(Lib)]
    public static partial nint rd_kafka_new(int type, nint conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(Lib)]
    public static partial void rd_kafka_destroy(nint rk);

    [LibraryImport(Lib)]
    public static partial nint rd_kafka_mock_cluster_new(nint rk, int brokerCount);

    [LibraryImport(Lib)]
    public static partial void rd_kafka_mock_cluster_destroy(nint mcluster);

    [LibraryImport(Lib)]
    public static partial nint rd_kafka_mock_cluster_bootstraps(nint mcluster);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_topic_create(nint mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void rd_kafka_mock_topic_set_error(nint mcluster, string topic, int err);

    [LibraryImport(Lib)]
    public static partial int rd_kafka_mock_broker_set_down(nint mcluster, int brokerId);

    [LibraryImport(Lib)]
    public static partial int rd_kafka_mock_broker_set_up(nint mcluster, int brokerId);

    [LibraryImport(Lib)]
    public static partial int rd_kafka_mock_broker_set_rtt(nint mcluster, int brokerId, int rttMs);

    [LibraryImport(Lib)]
    public static partial void rd_kafka_mock_push_request_errors_array(nint mcluster, short apiKey, nuint count, int[] errors);

    [LibraryImport(Lib)]
    public static partial void rd_kafka_mock_clear_request_errors(nint mcluster, short apiKey);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_partition_set_leader(nint mcluster, string topic, int partition, int brokerId);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_coordinator_set(nint mcluster, string keyType, string key, int brokerId);

    /// <summary>
    /// C-variadic (<c>cnt</c> pairs of error and round-trip ms follow): declared here with exactly one pair. On x86-64
    /// System V the variadic ints travel in the same registers as fixed ones (r8, r9), so one pair per call is safe.
    /// </summary>
    [LibraryImport(Lib)]
    public static partial int rd_kafka_mock_broker_push_request_error_rtts(nint mcluster, int brokerId, short apiKey, nuint count, int error, int rttMs);

    [LibraryImport(Lib)]
    public static partial int rd_kafka_mock_broker_error_stack_cnt(nint mcluster, int brokerId, short apiKey, out nuint count);
}
