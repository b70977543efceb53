using Splitstream.Processors.Goals;
using Splitstream.Processors.Leaderboards;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Leaderboards.Tests;

/// <summary>
/// The three topologies on test drivers, wired as Kafka wires them: what the router writes to its repartition topics
/// is piped (as bytes, with its timestamp) into the leaderboards and goals drivers. <see cref="Restart"/> builds a new
/// pipeline whose drivers restore from this one's changelogs, as restarted instances would.
/// </summary>
internal sealed class Pipeline : IDisposable
{
    public const int Partitions = 3;
    private readonly InMemorySchemaRegistry registry;
    private readonly TestInputTopic<string, ActivitySummary> summaries;
    private readonly TestInputTopic<string, UserGoals> goals;
    private int boardPosition;
    private int userPosition;

    public Pipeline(InMemorySchemaRegistry? registry = null, Pipeline? restoreFrom = null, int topEntries = LeaderboardOptions.DefaultTopEntries)
    {
        this.registry = registry ?? new InMemorySchemaRegistry();
        Router = new TopologyTestDriver(SummaryRouterTopology.BuildAsync(this.registry, SummaryRouterOptions.Default).GetAwaiter().GetResult(),
            SummaryRouterOptions.ApplicationId, Partitions, restoreFrom: restoreFrom?.Router);
        Boards = new TopologyTestDriver(LeaderboardTopology.BuildAsync(this.registry, LeaderboardOptions.Of(Topics.BoardContributions, Topics.Leaderboards, topEntries))
            .GetAwaiter().GetResult(), LeaderboardOptions.ApplicationId, Partitions, restoreFrom: restoreFrom?.Boards);
        Goals = new TopologyTestDriver(GoalsTopology.BuildAsync(this.registry, GoalsOptions.Default).GetAwaiter().GetResult(),
            GoalsOptions.ApplicationId, Partitions, restoreFrom: restoreFrom?.Goals);
        summaries = Router.CreateInputTopic(Topics.ActivitySummary, Serdes.String, Serde(ActivitySummary.Parser, Topics.ActivitySummary));
        goals = Goals.CreateInputTopic(Topics.Goals, Serdes.String, Serde(UserGoals.Parser, Topics.Goals));
        Leaderboards = Boards.CreateOutputTopic(Topics.Leaderboards, Serdes.String, Serde(Leaderboard.Parser, Topics.Leaderboards));
        Notifications = Goals.CreateOutputTopic(Topics.Notifications, Serdes.String, Serde(Notification.Parser, Topics.Notifications));
        Progress = Goals.CreateOutputTopic(Topics.GoalProgress, Serdes.String, Serde(GoalProgress.Parser, Topics.GoalProgress));
    }

    public TopologyTestDriver Router { get; }

    public TopologyTestDriver Boards { get; }

    public TopologyTestDriver Goals { get; }

    public TestOutputTopic<string, Leaderboard> Leaderboards { get; }

    public TestOutputTopic<string, Notification> Notifications { get; }

    public TestOutputTopic<string, GoalProgress> Progress { get; }

    /// <summary>Pipes a summary (record time = its newest sample, as the metrics topology stamps it) through all three topologies.</summary>
    public void Pipe(ActivitySummary summary, long? timestamp = null)
    {
        summaries.PipeInput(summary.ActivityId, summary, timestamp ?? summary.LastSampleMs);
        Forward();
    }

    public void PipeGoals(string user, long revision, long createdAtMs, params GoalDefinition[] definitions)
    {
        var set = new UserGoals { UserId = user, Revision = revision };
        foreach (var d in definitions)
        {
            d.CreatedAtMs = createdAtMs;
            set.Goals.Add(d);
        }
        goals.PipeInput(user, set, createdAtMs);
    }

    public static GoalDefinition Distance(string sport, double metres, string period = GoalPeriods.Week) =>
        new() { GoalId = GoalKinds.GoalId(GoalKinds.Distance, sport, period), Sport = sport, Kind = GoalKinds.Distance, Period = period, TargetDistanceM = metres };

    public static GoalDefinition Frequency(string sport, int count, string period = GoalPeriods.Week) =>
        new() { GoalId = GoalKinds.GoalId(GoalKinds.Frequency, sport, period), Sport = sport, Kind = GoalKinds.Frequency, Period = period, TargetCount = count };

    public static GoalDefinition Duration(string sport, double seconds, string period = GoalPeriods.Week) =>
        new() { GoalId = GoalKinds.GoalId(GoalKinds.Duration, sport, period), Sport = sport, Kind = GoalKinds.Duration, Period = period, TargetDurationS = seconds };

    public static GoalDefinition Volume(string sport, double kg, string period = GoalPeriods.Week) =>
        new() { GoalId = GoalKinds.GoalId(GoalKinds.Volume, sport, period), Sport = sport, Kind = GoalKinds.Volume, Period = period, TargetVolumeKg = kg };

    public Pipeline Restart() => new(registry, this);

    private void Forward()
    {
        var byBoard = Router.ReadRaw(Topics.BoardContributions);
        for (; boardPosition < byBoard.Count; boardPosition++)
        {
            Boards.PipeRaw(Topics.BoardContributions, byBoard[boardPosition].Key, byBoard[boardPosition].Value, byBoard[boardPosition].Timestamp);
        }
        var byUser = Router.ReadRaw(Topics.UserActivities);
        for (; userPosition < byUser.Count; userPosition++)
        {
            Goals.PipeRaw(Topics.UserActivities, byUser[userPosition].Key, byUser[userPosition].Value, byUser[userPosition].Timestamp);
        }
    }

    private ISerde<T> Serde<T>(Google.Protobuf.MessageParser<T> parser, string topic) where T : Google.Protobuf.IMessage<T> =>
        Serdes.ProtobufAsync(registry, topic, parser).GetAwaiter().GetResult();

    public void Dispose()
    {
        Router.Dispose();
        Boards.Dispose();
        Goals.Dispose();
    }
}
