using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Processors.Goals;

/// <summary>
/// Per user (the task holds every record of its users: goal sets and activities are both keyed by user id): the
/// latest goal set (highest revision), the latest figures of each activity, and the goal periods already achieved,
/// all changelogged; the activities and the marks grow with every activity and period, so they live on disk (RocksDB,
/// under the process's shared memory budget) and a user's activities are read back as a range when their goals are
/// evaluated. Every change re-evaluates the goals and periods it touches: progress is a pure function of the
/// stored goals and activities and is published as a keyed upsert when it changed; the first time a period's value
/// reaches its target, the period is marked achieved in the store and a <see cref="GoalAchieved"/> notification with a
/// deterministic key is sent. A mark is never removed, so a duplicate, a replay or a restored task never sends it again;
/// only a crash between sending it and committing the mark can re-send it, as the identical keyed record.
/// </summary>
internal sealed class GoalTracker : IProcessor<string, GoalInput>
{
    private IProcessorContext context = null!;
    private IKeyValueStore<string, UserGoals> definitions = null!;
    private IKeyValueStore<string, UserActivity> activities = null!;
    private IKeyValueStore<string, GoalProgress> achieved = null!;

    /// <summary>Progress published last per (user, goal, period), so an unchanged value is not re-sent.</summary>
    private readonly Dictionary<string, GoalProgress> published = [];

    public void Init(IProcessorContext context)
    {
        this.context = context;
        definitions = context.GetStateStore<IKeyValueStore<string, UserGoals>>(GoalsTopology.DefinitionStore);
        activities = context.GetStateStore<IKeyValueStore<string, UserActivity>>(GoalsTopology.ActivityStore);
        achieved = context.GetStateStore<IKeyValueStore<string, GoalProgress>>(GoalsTopology.AchievedStore);
    }

    public void Process(Record<string, GoalInput> record)
    {
        if (record.Value.Goals is { } goals)
        {
            ProcessGoals(record, goals);
        }
        else if (record.Value.Activity is { } activity)
        {
            ProcessActivity(record, activity);
        }
    }

    private void ProcessGoals(Record<string, GoalInput> record, UserGoals goals)
    {
        var user = goals.UserId.Length > 0 ? goals.UserId : record.Key;
        // Older revisions (an API instance that published late) and duplicates change nothing.
        if (definitions.TryGet(user, out var stored) && stored.Revision >= goals.Revision)
        {
            return;
        }
        definitions.Put(user, goals);
        var mine = ActivitiesOf(user);
        foreach (var goal in goals.Goals)
        {
            var periods = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var activity in mine)
            {
                AddPeriod(periods, goal, activity);
            }
            foreach (var (period, instant) in periods)
            {
                Evaluate(record, user, goal, period, instant, mine);
            }
        }
    }

    private void ProcessActivity(Record<string, GoalInput> record, UserActivity activity)
    {
        var user = activity.UserId.Length > 0 ? activity.UserId : record.Key;
        var key = $"{user}|{activity.ActivityId}";
        var exists = activities.TryGet(key, out var previous);
        if (activity.Retracted)
        {
            if (!exists)
            {
                return;
            }
            activities.Delete(key);
        }
        else
        {
            if (exists && previous!.Equals(activity))
            {
                return;
            }
            activities.Put(key, activity);
        }
        if (!definitions.TryGet(user, out var goals))
        {
            return;
        }
        var mine = ActivitiesOf(user);
        foreach (var goal in goals.Goals)
        {
            var periods = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var touched in new[] { previous, activity.Retracted ? null : activity })
            {
                if (touched is not null)
                {
                    AddPeriod(periods, goal, touched);
                }
            }
            foreach (var (period, instant) in periods)
            {
                Evaluate(record, user, goal, period, instant, mine);
            }
        }
    }

    /// <summary>Adds the goal's period holding the activity's start (keyed, with an instant inside it) when the activity counts for the goal.</summary>
    private static void AddPeriod(SortedDictionary<string, long> periods, GoalDefinition goal, UserActivity activity)
    {
        if (activity.Sport == goal.Sport && activity.StartedAtMs > 0)
        {
            periods.TryAdd(GoalPeriods.KeyOf(goal.Period, activity.StartedAtMs), activity.StartedAtMs);
        }
    }

    private void Evaluate(Record<string, GoalInput> record, string user, GoalDefinition goal, string period, long instantInPeriod, List<UserActivity> mine)
    {
        // A period that ended before the goal was set is history: no progress, no notification.
        if (GoalPeriods.EndOf(goal.Period, instantInPeriod) <= goal.CreatedAtMs)
        {
            return;
        }
        var counted = mine.Where(a => a.Sport == goal.Sport && a.StartedAtMs > 0 && GoalPeriods.KeyOf(goal.Period, a.StartedAtMs) == period)
            .ToList();
        var (value, target) = Measure(goal, counted);
        var newest = counted.OrderByDescending(a => a.ReachedAtMs).ThenBy(a => a.ActivityId, StringComparer.Ordinal).FirstOrDefault();
        var progress = new GoalProgress
        {
            UserId = user, GoalId = goal.GoalId, Sport = goal.Sport, Kind = goal.Kind, Period = goal.Period, PeriodKey = period,
            Value = value, Target = target, Activities = counted.Count, UpdatedAtMs = newest?.ReachedAtMs ?? 0,
        };
        var markKey = $"{user}|{goal.GoalId}|{period}";
        var completedAtMs = target > 0 && value >= target ? CompletedAtMs(goal, counted, target) : (long?)null;
        if (!achieved.TryGet(markKey, out var mark) && completedAtMs is not null)
        {
            mark = progress.Clone();
            mark.Achieved = true;
            mark.AchievedAtMs = completedAtMs.Value;
            achieved.Put(markKey, mark);
            var id = NotificationId(user, goal.GoalId, period);
            context.Forward(record.With(id, new Notification
            {
                NotificationId = id,
                UserId = user,
                Type = NotificationTypes.GoalAchieved,
                OccurredAtMs = mark.AchievedAtMs,
                PeriodKey = period,
                GoalAchieved = new GoalAchieved
                {
                    UserId = user, GoalId = goal.GoalId, Sport = goal.Sport, Country = newest?.Country ?? "", Period = goal.Period,
                    PeriodKey = period, Kind = goal.Kind, Target = target, AchievedValue = value, AchievedAtMs = mark.AchievedAtMs,
                },
            }), GoalsTopology.NotificationSink);
        }
        if (mark is not null)
        {
            // The notification went once, with the instant first seen; the stored achieved-at settles with the data, so
            // it ends the same whatever pace, chunking or restarts the summaries came with (DESIGN §4). A value that
            // dropped below the target again (a retracted activity) keeps the mark's instant.
            progress.Achieved = true;
            progress.AchievedAtMs = completedAtMs ?? mark.AchievedAtMs;
        }
        if (published.TryGetValue(markKey, out var last) && last.Equals(progress))
        {
            return;
        }
        published[markKey] = progress;
        context.Forward(record.With(markKey, progress), GoalsTopology.ProgressSink);
    }

    /// <summary>
    /// When the period's target was reached, as a function of the stored activities alone: the newest sample time of the
    /// activity that took the value to the target, activities taken in start order. The newest contributing sample seen
    /// when the tracker first found the target reached depends on how often summaries were emitted (a 250 ms timer) and
    /// on the order activities arrived in; this does not: a late sync of an earlier activity, a replay or a restart ends
    /// with the same instant once the summaries are final.
    /// </summary>
    private static long CompletedAtMs(GoalDefinition goal, List<UserActivity> counted, double target)
    {
        var ordered = counted.OrderBy(a => a.StartedAtMs).ThenBy(a => a.ActivityId, StringComparer.Ordinal).ToList();
        var value = 0.0;
        foreach (var activity in ordered)
        {
            value += Contribution(goal, activity);
            if (value >= target)
            {
                return activity.ReachedAtMs;
            }
        }
        // Summed in another order, the total can round a hair differently from the one that reached the target.
        return ordered[^1].ReachedAtMs;
    }

    /// <summary>
    /// The period's value and the goal's target, by kind. An activity counts for frequency once it has anything to show
    /// (distance, or moving time: an indoor or strength session has no distance), not as soon as it starts.
    /// </summary>
    private static (double Value, double Target) Measure(GoalDefinition goal, List<UserActivity> counted) =>
        (counted.Sum(a => Contribution(goal, a)), goal.Kind switch
        {
            GoalKinds.Distance => goal.TargetDistanceM,
            GoalKinds.Duration => goal.TargetDurationS,
            GoalKinds.Volume => goal.TargetVolumeKg,
            _ => goal.TargetCount,
        });

    /// <summary>What one activity adds to a goal's value, by kind.</summary>
    private static double Contribution(GoalDefinition goal, UserActivity activity) => goal.Kind switch
    {
        GoalKinds.Distance => activity.DistanceM,
        GoalKinds.Duration => activity.MovingTimeS,
        GoalKinds.Volume => activity.VolumeKg,
        _ => activity.DistanceM > 0 || activity.MovingTimeS > 0 ? 1 : 0,
    };

    /// <summary>The key and id of a goal period's notification: the same for every replay.</summary>
    public static string NotificationId(string user, string goalId, string period) => $"goal-achieved:{user}:{goalId}:{period}";

    /// <summary>
    /// The user's stored activities in activity id order (ordinal: sums over them give the same bits on every replay), as
    /// a range of the store (keys <c>user|activity</c>), read only for users with goals. The store is on disk: the
    /// activities of every user ever seen are not held in memory.
    /// </summary>
    private List<UserActivity> ActivitiesOf(string user) =>
        activities.WithPrefix(user).ConvertAll(a => a.Value);
}
