using Confluent.Kafka;

namespace Splitstream.Streams;

/// <summary>
/// Sends through the runtime's one idempotent producer. Records are grouped in epochs, one per commit: a commit seals
/// the current epoch, and its input offsets may be committed once every record of that epoch (and of the epochs before
/// it) is acknowledged. Processing goes on meanwhile, instead of waiting for a flush at every commit. The first failed
/// delivery is remembered, and from then on nothing is committed.
/// </summary>
internal sealed class KafkaRecordCollector : IRecordCollector, IChangelogPositions
{
    private readonly IProducer<byte[]?, byte[]?> producer;
    private volatile Error? failure;
    private Epoch current;
    private readonly HashSet<string> tracked = [];
    // The newest acknowledged record per tracked partition (delivery reports come on the producer's thread); hashed
    // only when a checkpoint asks for it.
    private readonly Dictionary<(string Topic, int Partition), (long Offset, byte[]? Key, byte[]? Value, long Timestamp)> acknowledged = [];

    public KafkaRecordCollector(IProducer<byte[]?, byte[]?> producer)
    {
        this.producer = producer;
        current = new Epoch(this);
    }

    public void Send(string topic, int? partition, byte[]? key, byte[]? value, long timestamp, Headers? headers)
    {
        var message = new Message<byte[]?, byte[]?> { Key = key, Value = value, Timestamp = new Timestamp(timestamp, TimestampType.CreateTime), Headers = headers };
        var epoch = current;
        // A changelog record's position is remembered with what was sent, not with the delivery report's copy of the
        // message: the report's key, value and timestamp are not guaranteed to be the bytes that were stored (with
        // them, every checkpoint's fingerprint failed to match the changelog, and every restart restored in full).
        var onDelivery = IsTracked(topic)
            ? report => epoch.Deliver(report, new SentRecord(key, value, timestamp))
            : epoch.OnDelivery;
        while (true)
        {
            // Counted before the send: a delivery report can arrive before Produce returns.
            Interlocked.Increment(ref epoch.Outstanding);
            try
            {
                if (partition is { } p)
                {
                    producer.Produce(new TopicPartition(topic, p), message, onDelivery);
                }
                else
                {
                    producer.Produce(topic, message, onDelivery);
                }
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                Interlocked.Decrement(ref epoch.Outstanding);
                // Back-pressure: serve delivery reports until the local queue has room.
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code != ErrorCode.MsgSizeTooLarge)
            {
                Interlocked.Decrement(ref epoch.Outstanding);
                // The producer refuses every record now, not this one (an idempotent producer's fatal error, such as a
                // refused write, comes back from each later send; an unknown topic or partition is the deployment's).
                // Fatal for the runtime, so a task never dead-letters its input record over it: only a record too
                // large to send is that record's own problem.
                throw new StreamsFatalException($"the producer refused a record for {topic}: {e.Error.Code} {e.Error.Reason}", e);
            }
            catch
            {
                Interlocked.Decrement(ref epoch.Outstanding);
                throw;
            }
        }
    }

    /// <summary>Ends the current epoch (everything sent so far) and starts the next.</summary>
    public Epoch Seal()
    {
        var sealedEpoch = current;
        current = new Epoch(this);
        return sealedEpoch;
    }

    /// <summary>Waits until every record sent so far is acknowledged (unless <paramref name="abandoned"/>); throws if any was not.</summary>
    public void FlushAndCheck(Func<bool> abandoned)
    {
        while (producer.Flush(TimeSpan.FromMilliseconds(100)) > 0)
        {
            if (abandoned())
            {
                return;
            }
        }
        ThrowIfFailed();
    }

    public void Track(string topic)
    {
        lock (acknowledged)
        {
            tracked.Add(topic);
        }
    }

    public bool TryGetAcknowledged(string topic, int partition, out ChangelogPosition position)
    {
        lock (acknowledged)
        {
            if (acknowledged.TryGetValue((topic, partition), out var newest))
            {
                position = new ChangelogPosition(newest.Offset + 1, ChangelogPosition.FingerprintOf(newest.Key, newest.Value, newest.Timestamp));
                return true;
            }
        }
        position = default;
        return false;
    }

    private bool IsTracked(string topic)
    {
        lock (acknowledged)
        {
            return tracked.Contains(topic);
        }
    }

    private void Acknowledged(DeliveryReport<byte[]?, byte[]?> report, SentRecord sent)
    {
        lock (acknowledged)
        {
            var key = (report.Topic, report.Partition.Value);
            if (!acknowledged.TryGetValue(key, out var newest) || newest.Offset < report.Offset.Value)
            {
                acknowledged[key] = (report.Offset.Value, sent.Key, sent.Value, sent.Timestamp);
            }
        }
    }

    /// <summary>The bytes of a changelog record as sent, for its position's fingerprint.</summary>
    internal readonly record struct SentRecord(byte[]? Key, byte[]? Value, long Timestamp);

    public void ThrowIfFailed()
    {
        if (failure is { } error)
        {
            throw new StreamsFatalException($"a record was not acknowledged: {error.Code} {error.Reason}");
        }
    }

    /// <summary>The records sent between two commits, counted down by their delivery reports.</summary>
    internal sealed class Epoch
    {
        public int Outstanding;

        private readonly KafkaRecordCollector collector;

        public Epoch(KafkaRecordCollector collector)
        {
            this.collector = collector;
            OnDelivery = report => Deliver(report, null);
        }

        /// <summary>The delivery handler of a record whose position is not tracked.</summary>
        public Action<DeliveryReport<byte[]?, byte[]?>> OnDelivery { get; }

        public void Deliver(DeliveryReport<byte[]?, byte[]?> report, SentRecord? tracked)
        {
            try
            {
                if (report.Error.IsError)
                {
                    collector.failure ??= report.Error;
                }
                else if (tracked is { } sent)
                {
                    collector.Acknowledged(report, sent);
                }
            }
            finally
            {
                // Counted down whatever happens above: an epoch that never reaches zero would stall every commit after it.
                Interlocked.Decrement(ref Outstanding);
            }
        }

        public bool Acknowledged => Volatile.Read(ref Outstanding) == 0;
    }
}
