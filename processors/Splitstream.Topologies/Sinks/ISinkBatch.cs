using Confluent.Kafka;

namespace Splitstream.Processors.Sinks;

/// <summary>The records a sink consumed since its last write, decoded and waiting to be written together.</summary>
public interface ISinkBatch
{
    /// <summary>Decodes and adds one record; throws <see cref="Splitstream.Schemas.RecordDecodeException"/> for a record that cannot be decoded.</summary>
    void Add(ConsumeResult<byte[], byte[]> record);

    bool IsEmpty { get; }

    bool IsFull { get; }

    /// <summary>Writes everything added; returns once the store committed it. Idempotent, so a retry after a failure is safe.</summary>
    Task WriteAsync(CancellationToken cancellationToken);

    void Clear();
}
