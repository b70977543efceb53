namespace Splitstream.Platform;

/// <summary>A real cluster's acks=all acknowledgement is already durable (replicated): nothing more to wait for.</summary>
public sealed class BrokerDurability : IRecordDurability
{
    public static BrokerDurability Instance { get; } = new();

    public ValueTask WaitDurableAsync(string topic, int partition, long offset, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
