using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Splitstream.Processors.Goals;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.ServiceDefaults;
using Splitstream.Store;

namespace Splitstream.Processors.Leaderboards;

/// <summary>
/// The leaderboard and goal pipelines in the processors host (<c>Leaderboards:Enabled</c>, <c>Goals:Enabled</c>, both
/// on by default): the summary router, the leaderboards and goals topologies, and the sinks of leaderboards.v1 and
/// goal.progress.v1 into the store (consumer groups <c>splitstream-sink-leaderboards</c>, <c>splitstream-sink-goal-progress</c>).
/// </summary>
public static class LeaderboardHosting
{
    public const string LeaderboardSinkGroup = "splitstream-sink-leaderboards";
    public const string GoalProgressSinkGroup = "splitstream-sink-goal-progress";

    public static IHostApplicationBuilder AddLeaderboardsAndGoals(this IHostApplicationBuilder builder)
    {
        var boards = builder.Configuration.GetValue("Leaderboards:Enabled", true);
        var goals = builder.Configuration.GetValue("Goals:Enabled", true);
        var sinks = builder.Configuration.GetValue($"{SinkOptions.Section}:{nameof(SinkOptions.Enabled)}", true);
        var services = builder.Services;
        services.TryAddSingleton<DeadLetterPublisher>();
        if (boards || goals)
        {
            services.AddTopology(SummaryRouterOptions.ApplicationId, [Topics.BoardContributions, Topics.UserActivities],
                registry => SummaryRouterTopology.BuildAsync(registry, SummaryRouterOptions.Default));
        }
        if (boards)
        {
            services.AddTopology(LeaderboardOptions.ApplicationId, [Topics.BoardContributions],
                registry => LeaderboardTopology.BuildAsync(registry, LeaderboardOptions.Default));
            if (sinks)
            {
                services.AddSingleton<IHostedService>(sp => Sink(sp, "leaderboard sink", LeaderboardSinkGroup, [Topics.Leaderboards],
                    (store, registry, max) => new LeaderboardBatch(store, registry, max)));
            }
        }
        if (goals)
        {
            services.AddTopology(GoalsOptions.ApplicationId, [Topics.UserActivities, Topics.Goals],
                registry => GoalsTopology.BuildAsync(registry, GoalsOptions.Default));
            if (sinks)
            {
                services.AddSingleton<IHostedService>(sp => Sink(sp, "goal progress sink", GoalProgressSinkGroup, [Topics.GoalProgress],
                    (store, registry, max) => new GoalProgressBatch(store, registry, max)));
            }
        }
        return builder;
    }

    private static BatchingSink Sink(IServiceProvider sp, string name, string group, IReadOnlyList<string> topics,
        Func<ISplitstreamStore, ISchemaRegistry, int, ISinkBatch> batch)
    {
        var options = sp.GetRequiredService<IOptions<SinkOptions>>().Value;
        var created = batch(sp.GetRequiredService<ISplitstreamStore>(), sp.GetRequiredService<ISchemaRegistry>(), options.ActivityBatchRecords);
        return new BatchingSink(name, group, topics, created, TimeSpan.FromMilliseconds(options.MaxBatchDelayMs),
            sp.GetRequiredService<KafkaClients>(), sp.GetRequiredService<DeadLetterPublisher>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger(name));
    }
}
