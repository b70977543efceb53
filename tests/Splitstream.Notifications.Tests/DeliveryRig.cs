using Confluent.Kafka;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Splitstream.Processors.Notifications;
using Splitstream.QueryApi.Notifications;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Notifications.Tests;

/// <summary>
/// The delivery half of the processors in this process: a fresh SQLite store, the fan-out batch (notifications in,
/// inbox rows and delivery jobs out) and the webhook dispatcher owning every endpoint, with short retry delays.
/// </summary>
internal sealed class DeliveryRig : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "splitstream-notify-tests", Guid.NewGuid().ToString("N"));
    private readonly InMemorySchemaRegistry registry = new();
    private readonly WebhookSender sender;
    private readonly WebhookDispatcher dispatcher;
    private readonly NotificationFanoutBatch fanout;
    private readonly ProtobufSerializer<Notification> serializer;
    private long offset;

    private static readonly ILoggerFactory Logs = LoggerFactory.Create(logging => logging
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
        .SetMinimumLevel(LogLevel.Information));

    public DeliveryRig(NotificationOptions? options = null)
    {
        Options = options ?? new NotificationOptions
        {
            AllowPrivateTargets = true, InitialRetryDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(500),
            PollInterval = TimeSpan.FromMilliseconds(50),
        };
        Directory.CreateDirectory(directory);
        StoreOptions = new StoreOptions { SqlitePath = Path.Combine(directory, "splitstream.db") };
        Store = (SqlStore)StoreExtensions.Create(StoreOptions);
        Store.MigrateAsync().GetAwaiter().GetResult();
        var ownership = new EndpointOwnership(Topics.Notifications, 3);
        ownership.Update([.. Enumerable.Range(0, 3).Select(p => new TopicPartition(Topics.Notifications, p))], assigned: true);
        sender = new WebhookSender(Options, TimeProvider.System);
        // The dispatcher's log on the console (ci43: a test saw no delivery for 90 s, and a silent logger said nothing of why).
        dispatcher = new WebhookDispatcher(Store, sender, ownership, Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System,
            Logs.CreateLogger<WebhookDispatcher>());
        fanout = new NotificationFanoutBatch(Store, Store, registry, Options, TimeProvider.System);
        serializer = ProtobufSerializer<Notification>.CreateAsync(registry, Topics.Notifications, Notification.Parser).GetAwaiter().GetResult();
    }

    public NotificationOptions Options { get; }

    public StoreOptions StoreOptions { get; }

    public SqlStore Store { get; }

    public Task StartAsync() => dispatcher.StartAsync(CancellationToken.None);

    /// <summary>Subscribes <paramref name="url"/> to every event of <paramref name="user"/>, as POST /v1/webhooks does (verification first).</summary>
    public static async Task<WebhookEndpoint> SubscribeAsync(IWebhookStore store, string user, Uri url, string secret)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var endpoint = new WebhookEndpoint("wh_" + Guid.NewGuid().ToString("N"), user, user, url.ToString(), ["*"], secret, WebhookEndpoint.Verifying, now);
        await store.CreateWebhookAsync(endpoint, new WebhookDelivery(WebhooksApi.VerificationDeliveryId(endpoint.EndpointId), endpoint.EndpointId, 0,
            "webhook-verification:" + endpoint.EndpointId, NotificationTypes.WebhookVerification, """{"type":"webhook.verification"}""",
            WebhookDelivery.Pending, 0, now, now, now + (long)TimeSpan.FromHours(24).TotalMilliseconds));
        return endpoint;
    }

    /// <summary>Notifications as the fan-out consumer gets them from notifications.v1 (Confluent-framed records), written to the store.</summary>
    public async Task PublishAsync(IEnumerable<Notification> notifications)
    {
        foreach (var n in notifications)
        {
            fanout.Add(new ConsumeResult<byte[], byte[]>
            {
                TopicPartitionOffset = new TopicPartitionOffset(Topics.Notifications, 0, offset++),
                Message = new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(n.NotificationId), Value = serializer.Serialize(n) },
            });
        }
        await fanout.WriteAsync(CancellationToken.None);
        fanout.Clear();
    }

    public static Notification Finished(string user, int i) => new()
    {
        NotificationId = $"activity-finished:{user}:a{i:000}", UserId = user, Type = NotificationTypes.ActivityFinished,
        OccurredAtMs = 1_800_000_000_000 + i, PeriodKey = $"a{i:000}",
        ActivityFinished = new ActivityFinished
        {
            ActivityId = $"a{i:000}", Sport = "run",
            Summary = new ActivitySummary { ActivityId = $"a{i:000}", UserId = user, Sport = "run", Status = "finished", DistanceM = 1000 * i }.ToByteString(),
        },
    };

    public async ValueTask DisposeAsync()
    {
        await dispatcher.StopAsync(CancellationToken.None);
        dispatcher.Dispose();
        sender.Dispose();
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
