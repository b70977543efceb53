using Confluent.Kafka;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.QueryApi.Notifications;

/// <summary>
/// Publishes a user's notification settings to the compacted notification.settings.v1 (keyed by user id) after the
/// store saved them, and returns once Kafka acknowledged them. The record carries the store's revision, so the
/// notifications topology keeps the newest settings even when two requests publish out of order.
/// </summary>
public sealed class NotificationSettingsPublisher(KafkaClients clients, ISchemaRegistry registry) : IDisposable
{
    private readonly Lazy<IProducer<string, byte[]>> producer = new(() =>
    {
        var config = clients.Producer("splitstream-query-notification-settings");
        config.MessageTimeoutMs = (int)GoalPublisher.Timeout.TotalMilliseconds;
        return new ProducerBuilder<string, byte[]>(config).Build();
    });

    private readonly Lazy<Task<ProtobufSerializer<NotificationSettings>>> serializer = new(() =>
        ProtobufSerializer<NotificationSettings>.CreateAsync(registry, Topics.NotificationSettings, NotificationSettings.Parser));

    public async Task PublishAsync(NotificationSettingsRecord settings, CancellationToken cancellationToken)
    {
        var bytes = (await serializer.Value.WaitAsync(cancellationToken)).Serialize(ToMessage(settings));
        await producer.Value.ProduceAsync(Topics.NotificationSettings, new Message<string, byte[]> { Key = settings.UserId, Value = bytes }, cancellationToken);
    }

    public static NotificationSettings ToMessage(NotificationSettingsRecord s) => new()
    {
        UserId = s.UserId, Revision = s.Revision, TimeZone = s.TimeZone, InactivityDays = s.InactivityDays,
        GoalAtRiskPercent = s.GoalAtRiskPercent, WeeklySummary = s.WeeklySummary,
    };

    public void Dispose()
    {
        if (producer.IsValueCreated)
        {
            producer.Value.Flush(TimeSpan.FromSeconds(5));
            producer.Value.Dispose();
        }
    }
}
