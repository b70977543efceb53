using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Splitstream.Processors.Goals;
using Splitstream.Processors.Hosting;
using Splitstream.Processors.Leaderboards;
using Splitstream.Processors.Metrics;
using Splitstream.Processors.Notifications;
using Splitstream.Processors.Races;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Store;
using Splitstream.Streams;

namespace Splitstream.Processors;

/// <summary>
/// Composition of the stream processors, shared by their own Program.cs and the all-in-one host: every topology through
/// <see cref="TopologyHostingExtensions.AddTopology"/>, every sink as a <see cref="BatchingSink"/>. Each feature can be
/// turned off by configuration (<c>Processors:ActivityMetrics:Enabled</c>, <c>Leaderboards:Enabled</c>,
/// <c>Goals:Enabled</c>, <c>Races:Enabled</c>, <c>Notifications:Enabled</c>, <c>Sinks:Enabled</c>; all on by default).
/// </summary>
public static class ProcessorsExtensions
{
    public static IHostApplicationBuilder AddProcessors(this IHostApplicationBuilder builder)
    {
        builder.AddSplitstreamStore(ServiceDefaultsExtensions.ReadyTag);
        RocksDbSharedMemory.Configure(RocksDbBudget(builder.Configuration));
        builder.Services.Configure<SinkOptions>(builder.Configuration.GetSection(SinkOptions.Section));
        if (SinksEnabled(builder))
        {
            builder.Services.TryAddSingleton<DeadLetterPublisher>();
            builder.Services.AddSingleton<IHostedService>(sp => Sink(sp, SinkFactory.PointSeries));
            var activityLoops = ActivityLoops(builder.Configuration);
            for (var loop = 1; loop <= activityLoops; loop++)
            {
                var number = loop;
                builder.Services.AddSingleton<IHostedService>(sp => Sink(sp,
                    (options, store, registry, clients, deadLetters, logs) => SinkFactory.ActivityRecords(options, store, registry, clients, deadLetters, logs, number)));
            }
        }
        builder.AddActivityMetricsTopology();
        builder.AddLeaderboardsAndGoals();
        builder.AddRaceStandings();
        builder.AddNotifications();
        builder.Services.AddConsumerLagMonitor(ProcessorConsumerGroups.Of(builder.Configuration));
        // The topologies and sinks are independent (each its own clients, group and state dir; the embedded cluster, when
        // there is one, lives outside this host), so they stop side by side: one after the other, a dozen final
        // commits and group departures under load outlasted the host's 30 s shutdown timeout (ScaleOutTests, ci6 and ci10:
        // "One or more hosted services failed to stop"), and whatever had not stopped by then stopped without its commit.
        builder.Services.Configure<HostOptions>(options => options.ServicesStopConcurrently = true);
        return builder;
    }

    /// <summary>
    /// What all RocksDB stores of the process may hold together (<c>Processors:RocksDb:CacheMiB</c>, of it
    /// <c>MemtableMiB</c> for memtables; <see cref="RocksDbMemoryBudget.Default"/> otherwise). One budget per process:
    /// hosts composed in one process must agree on it.
    /// </summary>
    public static RocksDbMemoryBudget RocksDbBudget(IConfiguration configuration)
    {
        var section = configuration.GetSection("Processors:RocksDb");
        var defaults = RocksDbMemoryBudget.Default;
        return new RocksDbMemoryBudget(
            section.GetValue("CacheMiB", defaults.CacheBytes >> 20) << 20,
            section.GetValue("MemtableMiB", defaults.MemtableBytes >> 20) << 20).Validate();
    }

    /// <summary>The activity-metrics topology (section <c>Processors:ActivityMetrics</c>).</summary>
    public static IHostApplicationBuilder AddActivityMetricsTopology(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(ActivityMetricsSettings.Section).Get<ActivityMetricsSettings>() ?? new ActivityMetricsSettings();
        if (!settings.Enabled)
        {
            return builder;
        }
        builder.Services.AddTopology(new HostedTopology
        {
            ApplicationId = settings.ApplicationId,
            Topics = HostedTopology.CatalogTopics(Topics.ActivityEvents, Topics.Gps, Topics.HeartRate, Topics.ActivityMetrics, Topics.ActivitySummary),
            Build = (registry, _) => Task.FromResult(ActivityMetricsTopology.Build(new ActivityMetricsTopologyOptions
            {
                Registry = registry,
                SummaryInterval = settings.SummaryInterval,
                FinishedRetention = settings.FinishedRetention,
                AbandonedAfter = settings.AbandonedAfter,
            })),
            CommitInterval = settings.CommitInterval,
            StateDir = settings.StateDir,
            // Summaries feed the race standings (< 1 s end to end): no idle fetch may hang for 500 ms.
            LowLatencyFetch = true,
        });
        return builder;
    }

    /// <summary>
    /// The summary router, the leaderboards and goals topologies, and the sinks of leaderboards.v1 and goal.progress.v1
    /// into the store (<c>Leaderboards:Enabled</c>, <c>Goals:Enabled</c>).
    /// </summary>
    public static IHostApplicationBuilder AddLeaderboardsAndGoals(this IHostApplicationBuilder builder)
    {
        var boards = builder.Configuration.GetValue("Leaderboards:Enabled", true);
        var goals = builder.Configuration.GetValue("Goals:Enabled", true);
        var sinks = SinksEnabled(builder);
        var services = builder.Services;
        services.TryAddSingleton<DeadLetterPublisher>();
        if (boards || goals)
        {
            services.AddTopology(new HostedTopology
            {
                ApplicationId = SummaryRouterOptions.ApplicationId,
                Topics = HostedTopology.CatalogTopics(Topics.BoardContributions, Topics.UserActivities),
                Build = (registry, ct) => SummaryRouterTopology.BuildAsync(registry, SummaryRouterOptions.Default, ct),
            });
        }
        if (boards)
        {
            services.AddTopology(new HostedTopology
            {
                ApplicationId = LeaderboardOptions.ApplicationId,
                Topics = HostedTopology.CatalogTopics(Topics.BoardContributions),
                Build = (registry, ct) => LeaderboardTopology.BuildAsync(registry, LeaderboardOptions.Default, ct),
            });
            if (sinks)
            {
                services.AddSingleton<IHostedService>(sp => StoreSink(sp, "leaderboard sink", ProcessorConsumerGroups.LeaderboardSink, [Topics.Leaderboards],
                    (store, registry, max) => new LeaderboardBatch(store, registry, max)));
            }
        }
        if (goals)
        {
            services.AddTopology(new HostedTopology
            {
                ApplicationId = GoalsOptions.ApplicationId,
                Topics = HostedTopology.CatalogTopics(Topics.UserActivities, Topics.Goals),
                Build = (registry, ct) => GoalsTopology.BuildAsync(registry, GoalsOptions.Default, ct),
            });
            if (sinks)
            {
                services.AddSingleton<IHostedService>(sp => StoreSink(sp, "goal progress sink", ProcessorConsumerGroups.GoalProgressSink, [Topics.GoalProgress],
                    (store, registry, max) => new GoalProgressBatch(store, registry, max)));
            }
        }
        return builder;
    }

    /// <summary>The race router and the race standings topologies (section <c>Races</c>).</summary>
    public static IHostApplicationBuilder AddRaceStandings(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(RaceStandingsOptions.Section);
        if (!section.GetValue("Enabled", true))
        {
            return builder;
        }
        var options = section.Get<RaceStandingsOptions>() ?? RaceStandingsOptions.Default;
        builder.Services.AddSingleton(options);
        // Tests give each run topics of their own, so these are specified here rather than looked up in the catalog.
        Func<int, IEnumerable<TopicSpec>> topics = partitions =>
        [
            new(options.ByRaceTopic, partitions, Compacted: false),
            new(options.StandingsTopic, partitions, Compacted: true),
            new(options.RacesTopic, partitions, Compacted: true),
        ];
        builder.Services.AddTopology(new HostedTopology
        {
            ApplicationId = options.RouterApplicationId,
            Topics = topics,
            Build = (registry, ct) => RaceRouterTopology.BuildAsync(registry, options, ct),
            LowLatencyFetch = true,
        });
        builder.Services.AddTopology(new HostedTopology
        {
            ApplicationId = options.StandingsApplicationId,
            Topics = topics,
            Build = (registry, ct) => RaceStandingsTopology.BuildAsync(registry, options, ct),
            LowLatencyFetch = true,
        });
        return builder;
    }

    /// <summary>
    /// The router and notifications topologies (reminders on their wall-clock punctuator), the fan-out of
    /// notifications.v1 into the inbox and delivery jobs, and the webhook dispatcher for the endpoints whose partitions
    /// the fan-out group gave this instance (section <c>Notifications</c>).
    /// </summary>
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
        services.AddTopology(new HostedTopology
        {
            ApplicationId = NotificationTopologyOptions.RouterApplicationId,
            Topics = HostedTopology.CatalogTopics(Topics.NotificationActivities),
            Build = (registry, ct) => NotificationRouterTopology.BuildAsync(registry, topologyOptions, ct),
        });
        services.AddTopology(new HostedTopology
        {
            ApplicationId = NotificationTopologyOptions.ApplicationId,
            Topics = HostedTopology.CatalogTopics(Topics.NotificationActivities, Topics.NotificationSettings, Topics.Goals, Topics.Notifications),
            Build = (registry, ct) => NotificationsTopology.BuildAsync(registry, topologyOptions, ct),
        });
        services.AddSingleton(sp => new EndpointOwnership(Topics.Notifications, sp.GetRequiredService<KafkaClients>().Partitions));
        services.AddSingleton(sp => new WebhookSender(sp.GetRequiredService<IOptions<NotificationOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IHostedService>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NotificationOptions>>().Value;
            var ownership = sp.GetRequiredService<EndpointOwnership>();
            var batch = new NotificationFanoutBatch(sp.GetRequiredService<INotificationStore>(), sp.GetRequiredService<IWebhookStore>(),
                sp.GetRequiredService<ISchemaRegistry>(), options, sp.GetRequiredService<TimeProvider>());
            return new BatchingSink("notification fan-out", ProcessorConsumerGroups.NotificationFanout, [Topics.Notifications], batch,
                options.FanoutMaxDelay, sp.GetRequiredService<KafkaClients>(), sp.GetRequiredService<DeadLetterPublisher>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("notification fan-out"), ownership.Update);
        });
        services.AddHostedService<WebhookDispatcher>();
        return builder;
    }

    /// <summary><c>Sinks:ActivityLoops</c>, 1 to 64; anything else stops the host at start-up with the setting named.</summary>
    private static int ActivityLoops(IConfiguration configuration)
    {
        var key = $"{SinkOptions.Section}:{nameof(SinkOptions.ActivityLoops)}";
        var loops = configuration.GetValue(key, new SinkOptions().ActivityLoops);
        return loops is >= 1 and <= 64
            ? loops
            : throw new InvalidOperationException($"{key} must be between 1 and 64 (activity-sink loops in this host), not {loops}");
    }

    private static bool SinksEnabled(IHostApplicationBuilder builder) =>
        builder.Configuration.GetValue($"{SinkOptions.Section}:{nameof(SinkOptions.Enabled)}", true);

    // Sinks are registered as IHostedService factories, not AddHostedService: it dedupes by implementation type, and
    // every sink is a BatchingSink.
    private static BatchingSink Sink(IServiceProvider sp,
        Func<SinkOptions, ISplitstreamStore, ISchemaRegistry, KafkaClients, DeadLetterPublisher, ILoggerFactory, BatchingSink> factory) =>
        factory(sp.GetRequiredService<IOptions<SinkOptions>>().Value, sp.GetRequiredService<ISplitstreamStore>(),
            sp.GetRequiredService<ISchemaRegistry>(), sp.GetRequiredService<KafkaClients>(),
            sp.GetRequiredService<DeadLetterPublisher>(), sp.GetRequiredService<ILoggerFactory>());

    private static BatchingSink StoreSink(IServiceProvider sp, string name, string group, IReadOnlyList<string> topics,
        Func<ISplitstreamStore, ISchemaRegistry, int, ISinkBatch> batch)
    {
        var options = sp.GetRequiredService<IOptions<SinkOptions>>().Value;
        var created = batch(sp.GetRequiredService<ISplitstreamStore>(), sp.GetRequiredService<ISchemaRegistry>(), options.ActivityBatchRecords);
        return new BatchingSink(name, group, topics, created, TimeSpan.FromMilliseconds(options.MaxBatchDelayMs),
            sp.GetRequiredService<KafkaClients>(), sp.GetRequiredService<DeadLetterPublisher>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger(name));
    }
}
