namespace Splitstream.Platform;

/// <summary>
/// When a record a producer had acknowledged is durable. On a real cluster the broker's acks=all is that moment; on the
/// embedded cluster (memory only) it is when the platform's archive has fsync'd the record under <c>.data/</c>. The
/// gateway answers 202 only after this, so a SIGKILL right after a 202 loses nothing.
/// </summary>
public interface IRecordDurability
{
    ValueTask WaitDurableAsync(string topic, int partition, long offset, CancellationToken cancellationToken);
}
