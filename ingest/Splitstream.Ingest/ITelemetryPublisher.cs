using Google.Protobuf;

namespace Splitstream.Ingest;

/// <summary>Publishes one activity's records all-or-nothing; the seam that lets handlers be tested without Kafka.</summary>
public interface ITelemetryPublisher
{
    Task<PublishOutcome> PublishAsync(string activityId, IReadOnlyList<IMessage> messages, CancellationToken cancellationToken);
}
