using Splitstream.Processors.Notifications;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Notifications.Tests;

/// <summary>The notifications topology on the test driver with explicit record times and a hand-moved wall clock.</summary>
internal sealed class ReminderDriver : IDisposable
{
    private static readonly NotificationTopologyOptions Options = NotificationTopologyOptions.Default with { ReminderInterval = TimeSpan.FromMinutes(1) };
    private readonly InMemorySchemaRegistry registry;
    private readonly TestInputTopic<string, ActivitySummary> activities;
    private readonly TestInputTopic<string, NotificationSettings> settings;
    private readonly TestInputTopic<string, UserGoals> goals;
    private readonly TestOutputTopic<string, Notification> output;

    public ReminderDriver(DateTimeOffset wallClock, ReminderDriver? restoreFrom = null)
    {
        registry = restoreFrom?.registry ?? new InMemorySchemaRegistry();
        Driver = new TopologyTestDriver(NotificationsTopology.BuildAsync(registry, Options).GetAwaiter().GetResult(),
            NotificationTopologyOptions.ApplicationId, wallClockStart: wallClock, restoreFrom: restoreFrom?.Driver);
        activities = Driver.CreateInputTopic(Options.ByUserTopic, Serdes.String, Serde(ActivitySummary.Parser, Options.ByUserTopic));
        settings = Driver.CreateInputTopic(Options.SettingsTopic, Serdes.String, Serde(NotificationSettings.Parser, Options.SettingsTopic));
        goals = Driver.CreateInputTopic(Options.GoalsTopic, Serdes.String, Serde(UserGoals.Parser, Options.GoalsTopic));
        output = Driver.CreateOutputTopic(Options.NotificationsTopic, Serdes.String, Serdes.ProtobufReader(registry, Notification.Parser));
    }

    public TopologyTestDriver Driver { get; }

    public DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(Driver.WallClockTime);

    public void Finish(ActivitySummary summary) => activities.PipeInput(summary.UserId, summary, summary.LastSampleMs);

    public void Settings(string user, string zone, int inactivityDays = 0, double atRiskPercent = 0, bool weekly = false, long revision = 1) =>
        settings.PipeInput(user, new NotificationSettings
        {
            UserId = user, Revision = revision, TimeZone = zone, InactivityDays = inactivityDays, GoalAtRiskPercent = atRiskPercent, WeeklySummary = weekly,
        }, Driver.WallClockTime);

    public void Goals(UserGoals set) => goals.PipeInput(set.UserId, set, Driver.WallClockTime);

    /// <summary>Moves the wall clock to <paramref name="to"/> in punctuation-sized steps (each step runs the due punctuators).</summary>
    public void AdvanceTo(DateTimeOffset to)
    {
        while (Now < to)
        {
            var step = TimeSpan.FromMinutes(30) < to - Now ? TimeSpan.FromMinutes(30) : to - Now;
            Driver.AdvanceWallClockTime(step);
        }
    }

    /// <summary>The notifications written since the last call.</summary>
    public IReadOnlyList<Notification> Read() => [.. output.ReadRecords().Select(r => r.Value)];

    public static ActivitySummary Activity(string user, string id, string sport, DateTimeOffset start, double distanceM, TimeSpan duration, string raceId = "") => new()
    {
        ActivityId = id, UserId = user, Sport = sport, Status = "finished", StartedAtMs = start.ToUnixTimeMilliseconds(), DistanceM = distanceM,
        MovingTimeS = duration.TotalSeconds, ElapsedTimeS = duration.TotalSeconds, FirstSampleMs = start.ToUnixTimeMilliseconds(),
        LastSampleMs = (start + duration).ToUnixTimeMilliseconds(), PointsCount = 100, RaceId = raceId, Polyline = "_p~iF~ps|U_ulLnnqC",
        Splits = { new Split { Km = 1, TimeS = 300, PaceSPerKm = 300 } },
    };

    /// <summary>A local wall time in a zone, as the instant it is.</summary>
    public static DateTimeOffset Local(string zone, int year, int month, int day, int hour, int minute = 0)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, tz), TimeSpan.Zero);
    }

    private ISerde<T> Serde<T>(Google.Protobuf.MessageParser<T> parser, string topic) where T : Google.Protobuf.IMessage<T> =>
        Serdes.ProtobufAsync(registry, topic, parser).GetAwaiter().GetResult();

    public void Dispose() => Driver.Dispose();
}
