using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Splitstream.Processors.Leaderboards;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Processors.Notifications;

/// <summary>
/// Notifications in the processors host (<c>Notifications:Enabled</c>, on by default): the router and notifications
/// topologies (reminders on their wall-clock punctuator), the fan-out of notifications.v1 into the inbox and delivery
/// jobs (consumer group <c>splitstream-notifications-fanout</c>), and the webhook dispatcher for the endpoints whose
/// partitions that group gave this instance.
/// </summary>
public static class NotificationsHosting
{
    public const string FanoutGroup = "splitstream-notifications-fanout";

    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(NotificationOptions.Section);
        var configured = section.Get<NotificationOptions>() ?? new NotificationOptions();
        if (!configured.Enabled)
        {
            return builder;
        }
        var services = builder.Services;
        services.Configure<NotificationOptions>(section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DeadLetterPublisher>();
        var topologyOptions = NotificationTopologyOptions.Default with { ReminderInterval = configured.ReminderInterval };
        services.AddTopology(NotificationTopologyOptions.RouterApplicationId, [Topics.NotificationActivities],
            registry => NotificationRouterTopology.BuildAsync(registry, topologyOptions));
        services.AddTopology(NotificationTopologyOptions.ApplicationId, [Topics.NotificationActivities, Topics.NotificationSettings, Topics.Goals, Topics.Notifications],
            registry => NotificationsTopology.BuildAsync(registry, topologyOptions));
        services.AddSingleton(sp => new EndpointOwnership(Topics.Notifications, sp.GetRequiredService<KafkaClients>().Partitions));
        services.AddSingleton(sp => new WebhookSender(sp.GetRequiredService<IOptions<NotificationOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IHostedService>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NotificationOptions>>().Value;
            var ownership = sp.GetRequiredService<EndpointOwnership>();
            var batch = new NotificationFanoutBatch(sp.GetRequiredService<INotificationStore>(), sp.GetRequiredService<IWebhookStore>(),
                sp.GetRequiredService<ISchemaRegistry>(), options, sp.GetRequiredService<TimeProvider>());
            return new BatchingSink("notification fan-out", FanoutGroup, [Topics.Notifications], batch, options.FanoutMaxDelay,
                sp.GetRequiredService<KafkaClients>(), sp.GetRequiredService<DeadLetterPublisher>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("notification fan-out"), ownership.Update);
        });
        services.AddHostedService<WebhookDispatcher>();
        return builder;
    }
}
