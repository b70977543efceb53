using Confluent.Kafka;
using Splitstream.Faults.Tests;
using Splitstream.Platform;
using Splitstream.Processors.Notifications;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Notifications.Tests;

/// <summary>
/// The processors service as a child process (its own Program.cs) fans notifications.v1 out into delivery jobs and
/// delivers them to a receiver that keeps failing; the child is SIGKILLed in the middle of the retry window and
/// started again; once the receiver recovers every event arrives, each accepted once.
/// </summary>
public sealed class DeliveryCrashTests
{
    [Fact]
    public async Task A_SIGKILL_of_the_delivering_process_during_the_retry_window_loses_no_delivery()
    {
        await using var platform = await EmbeddedPlatform.StartAsync(partitions: 3);
        var directory = Path.Combine(Path.GetTempPath(), "splitstream-notify-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var storeOptions = new StoreOptions { SqlitePath = Path.Combine(directory, "splitstream.db") };
        await using var store = (SqlStore)StoreExtensions.Create(storeOptions);
        await store.MigrateAsync();
        var secret = WebhookSignature.NewSecret();
        await using var receiver = new WebhookReceiver(secret) { Broken = true };
        await receiver.StartAsync();
        var endpoint = await DeliveryRig.SubscribeAsync(store, "crash", receiver.Url, secret);

        using var processors = new ServiceProcess("processors", RepoPaths.Output("processors/Splitstream.Processors", "Splitstream.Processors.dll"),
            new Dictionary<string, string>
            {
                ["Kafka__BootstrapServers"] = platform.BootstrapServers,
                ["Kafka__Partitions"] = "3",
                ["SchemaRegistry__Url"] = platform.SchemaRegistryUrl,
                ["Kafka__EmbeddedControlUrl"] = platform.SchemaRegistryUrl,
                ["Kafka__ConsumerConfig__session.timeout.ms"] = "6000",
                ["Kafka__ConsumerConfig__heartbeat.interval.ms"] = "1500",
                ["Store__SqlitePath"] = storeOptions.SqlitePath,
                ["Auth__SigningKey"] = "notification-crash-tests-signing-key-of-enough-length",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Processors__ActivityMetrics__Enabled"] = "false",
                ["Leaderboards__Enabled"] = "false",
                ["Goals__Enabled"] = "false",
                ["Races__Enabled"] = "false",
                ["Sinks__Enabled"] = "false",
                ["Notifications__AllowPrivateTargets"] = "true",
                ["Notifications__InitialRetryDelay"] = "00:00:00.300",
                ["Notifications__MaxRetryDelay"] = "00:00:01.500",
                ["Notifications__PollInterval"] = "00:00:00.100",
            }, [], directory);
        try
        {
            processors.Start();
            var notifications = Enumerable.Range(1, 12).Select(i => DeliveryRig.Finished("crash", i)).ToList();
            using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = platform.BootstrapServers, Acks = Acks.All }).Build())
            {
                var serializer = await ProtobufSerializer<Notification>.CreateAsync(platform.Registry, Topics.Notifications, Notification.Parser);
                foreach (var n in notifications)
                {
                    await producer.ProduceAsync(Topics.Notifications, new Message<string, byte[]> { Key = n.NotificationId, Value = serializer.Serialize(n) });
                }
            }
            var expected = notifications.Select(n => WebhookDeliveries.DeliveryId(endpoint.EndpointId, n.NotificationId))
                .Prepend(WebhooksApiIds.Verification(endpoint)).ToHashSet();

            // In the retry window: every job is in the store and the head of the queue has failed more than once.
            await Eventually.TrueAsync(async () =>
            {
                var log = await store.ListDeliveriesAsync(endpoint.EndpointId, 100, null);
                return log.Count == expected.Count && log.Any(d => d.Attempts >= 2);
            }, () => $"jobs not enqueued and retried; receiver saw {receiver.Requests} requests\n{processors.Output}", TimeSpan.FromSeconds(120));
            processors.Kill();
            receiver.Broken = false;
            Assert.Empty(receiver.Accepted);

            processors.Start();
            await Eventually.TrueAsync(() => receiver.Accepted.Count >= expected.Count,
                () => $"{receiver.Accepted.Count} of {expected.Count} accepted\n{processors.Output}", TimeSpan.FromSeconds(150));

            Assert.Equal(expected.Order(StringComparer.Ordinal), receiver.Accepted.Order(StringComparer.Ordinal));
            Assert.Equal(0, receiver.BadSignatures);
            // The receiver has the last request before the dispatcher records its 2xx (ci46 read it still pending), as in
            // WebhookDeliveryTests: wait for the record, then assert every delivery.
            await Eventually.TrueAsync(async () => (await store.ListDeliveriesAsync(endpoint.EndpointId, 100, null)).All(d => d.Status == WebhookDelivery.Delivered),
                () => $"deliveries not all recorded delivered\n{processors.Output}", TimeSpan.FromSeconds(30));
            Assert.All(await store.ListDeliveriesAsync(endpoint.EndpointId, 100, null), d => Assert.Equal(WebhookDelivery.Delivered, d.Status));
            Assert.Equal(12, (await store.ListNotificationsAsync("crash", false, 100, null)).Count);
        }
        finally
        {
            processors.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        Directory.Delete(directory, recursive: true);
    }
}
