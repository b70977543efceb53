using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;

namespace Splitstream.Processors.Notifications;

/// <summary>
/// Which webhook endpoints this instance delivers to: those whose id hashes to a partition of notifications.v1 that the
/// fan-out consumer group gave this instance. More instances in the group split the endpoints between them, one owner
/// per endpoint, so each endpoint's deliveries stay in order.
/// </summary>
public sealed class EndpointOwnership(string topic, int partitions)
{
    private readonly Lock gate = new();
    private readonly HashSet<int> owned = [];

    public void Update(IReadOnlyList<TopicPartition> changed, bool assigned)
    {
        lock (gate)
        {
            foreach (var tp in changed.Where(tp => tp.Topic == topic))
            {
                if (assigned)
                {
                    owned.Add(tp.Partition.Value);
                }
                else
                {
                    owned.Remove(tp.Partition.Value);
                }
            }
        }
    }

    public bool Owns(string endpointId)
    {
        var partition = PartitionOf(endpointId, partitions);
        lock (gate)
        {
            return owned.Contains(partition);
        }
    }

    public int OwnedCount
    {
        get
        {
            lock (gate)
            {
                return owned.Count;
            }
        }
    }

    public static int PartitionOf(string endpointId, int partitions) =>
        (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(endpointId)), 0) % (uint)partitions);
}
