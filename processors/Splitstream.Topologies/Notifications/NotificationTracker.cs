using Google.Protobuf;
using Splitstream.Processors.Goals;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Processors.Notifications;

/// <summary>
/// Per user (finished summaries, settings and goal sets are all keyed by user id, co-partitioned): what the user's
/// notifications are computed from, all changelogged; the stores that grow with every activity (activities, bests,
/// emitted marks) are on disk and memory keeps a <see cref="NotifiedUserExtent"/> per user. Finished activities give <c>activity.finished</c>,
/// <c>race.finished</c> and <c>personal_best</c> as they arrive; a wall-clock punctuator computes the reminders
/// (<c>inactivity</c>, <c>goal.at_risk</c>, <c>weekly_summary</c>) in each user's time zone. Every notification has a
/// deterministic id (type, user, period) and is sent only when its id has no mark in the changelogged
/// <see cref="NotificationsTopology.EmittedStore"/>: a duplicate, a replay or a restored task never sends it again;
/// only a crash between sending and committing the mark re-sends it, as the identical keyed record.
/// </summary>
internal sealed class NotificationTracker(NotificationTopologyOptions options) : IProcessor<string, NotificationInput>
{
    public const string LongestDistance = "longest_distance";
    private static readonly long WeekLeadMs = LocalCalendar.Days(2);
    private static readonly long YearLeadMs = LocalCalendar.Days(31);
    private static readonly long RetentionMs = LocalCalendar.Days(400);

    private IProcessorContext context = null!;
    private IKeyValueStore<string, NotificationSettings> settings = null!;
    private IKeyValueStore<string, UserGoals> goals = null!;
    private IKeyValueStore<string, NotifiedActivity> activities = null!;
    private IKeyValueStore<string, PersonalBest> bests = null!;
    private IKeyValueStore<string, long> emitted = null!;

    /// <summary>
    /// Per user with stored activities, their extent (derived, rebuilt from the store on every start or restore): the
    /// activities themselves stay on disk and are read, as the user's range of the store, only when a reminder may be due.
    /// </summary>
    private readonly Dictionary<string, NotifiedUserExtent> extents = [];

    public void Init(IProcessorContext context)
    {
        this.context = context;
        settings = context.GetStateStore<IKeyValueStore<string, NotificationSettings>>(NotificationsTopology.SettingsStore);
        goals = context.GetStateStore<IKeyValueStore<string, UserGoals>>(NotificationsTopology.GoalsStore);
        activities = context.GetStateStore<IKeyValueStore<string, NotifiedActivity>>(NotificationsTopology.ActivityStore);
        bests = context.GetStateStore<IKeyValueStore<string, PersonalBest>>(NotificationsTopology.BestsStore);
        emitted = context.GetStateStore<IKeyValueStore<string, long>>(NotificationsTopology.EmittedStore);
        foreach (var (_, activity) in activities.All())
        {
            if (!extents.TryGetValue(activity.UserId, out var extent))
            {
                extents[activity.UserId] = extent = new NotifiedUserExtent();
            }
            extent.Include(activity);
        }
        context.Schedule(options.ReminderInterval, PunctuationType.WallClockTime, Remind);
    }

    public void Process(Record<string, NotificationInput> record)
    {
        if (record.Value.Activity is { } summary)
        {
            ProcessActivity(record.Timestamp, summary);
        }
        else if (record.Value.Settings is { } change)
        {
            var user = change.UserId.Length > 0 ? change.UserId : record.Key;
            if (!settings.TryGet(user, out var stored) || stored.Revision < change.Revision)
            {
                settings.Put(user, change);
            }
        }
        else if (record.Value.Goals is { } set)
        {
            var user = set.UserId.Length > 0 ? set.UserId : record.Key;
            if (!goals.TryGet(user, out var stored) || stored.Revision < set.Revision)
            {
                goals.Put(user, set);
            }
        }
    }

    private void ProcessActivity(long timestamp, ActivitySummary summary)
    {
        var user = summary.UserId;
        var activity = Digest(summary);
        var key = $"{user}|{activity.ActivityId}";
        var exists = activities.TryGet(key, out var previous);
        if (!exists || !previous!.Equals(activity))
        {
            activities.Put(key, activity);
            if (exists || !extents.TryGetValue(user, out var extent))
            {
                // A corrected activity may move the extent back: recomputed from the store (rare: summaries come final).
                Recompute(user, ActivitiesOf(user));
            }
            else
            {
                extent.Include(activity);
            }
        }
        Emit(timestamp, new Notification
        {
            NotificationId = $"activity-finished:{user}:{activity.ActivityId}", UserId = user, Type = NotificationTypes.ActivityFinished,
            OccurredAtMs = activity.FinishedAtMs, PeriodKey = activity.ActivityId,
            ActivityFinished = new ActivityFinished { ActivityId = activity.ActivityId, Sport = activity.Sport, Summary = summary.ToByteString() },
        });
        if (summary.RaceId.Length > 0)
        {
            Emit(timestamp, new Notification
            {
                NotificationId = $"race-finished:{user}:{summary.RaceId}", UserId = user, Type = NotificationTypes.RaceFinished,
                OccurredAtMs = activity.FinishedAtMs, PeriodKey = summary.RaceId,
                RaceFinished = new RaceFinished
                {
                    RaceId = summary.RaceId, ActivityId = activity.ActivityId, Sport = activity.Sport, DistanceM = summary.DistanceM,
                    MovingTimeS = summary.MovingTimeS, ElapsedTimeS = summary.ElapsedTimeS, FinishedAtMs = activity.FinishedAtMs,
                },
            });
        }
        foreach (var effort in activity.Efforts.Append(new EffortTime { Name = LongestDistance, DistanceM = activity.DistanceM }))
        {
            UpdateBest(timestamp, activity, effort);
        }
    }

    /// <summary>
    /// Keeps the user's best per sport and effort; a result that beats a previous best of another activity is a
    /// <c>personal_best</c> (the very first result of an effort is the best without being news).
    /// </summary>
    private void UpdateBest(long timestamp, NotifiedActivity activity, EffortTime effort)
    {
        var isDistance = effort.Name == LongestDistance;
        if (isDistance ? effort.DistanceM <= 0 : effort.TimeS <= 0)
        {
            return;
        }
        var key = $"{activity.UserId}|{activity.Sport}|{effort.Name}";
        var candidate = new PersonalBest
        {
            ActivityId = activity.ActivityId, Sport = activity.Sport, Effort = effort.Name, TimeS = effort.TimeS, DistanceM = effort.DistanceM,
        };
        if (!bests.TryGet(key, out var best))
        {
            bests.Put(key, candidate);
            return;
        }
        var better = isDistance ? effort.DistanceM > best.DistanceM : effort.TimeS < best.TimeS;
        if (!better)
        {
            return;
        }
        if (best.ActivityId == activity.ActivityId)
        {
            // The same activity, corrected: still its best, and the news (if any) was sent already.
            candidate.PreviousActivityId = best.PreviousActivityId;
            candidate.PreviousTimeS = best.PreviousTimeS;
            candidate.PreviousDistanceM = best.PreviousDistanceM;
            bests.Put(key, candidate);
            return;
        }
        candidate.PreviousActivityId = best.ActivityId;
        candidate.PreviousTimeS = best.TimeS;
        candidate.PreviousDistanceM = best.DistanceM;
        bests.Put(key, candidate);
        Emit(timestamp, new Notification
        {
            NotificationId = $"personal-best:{activity.UserId}:{activity.Sport}:{effort.Name}:{activity.ActivityId}", UserId = activity.UserId,
            Type = NotificationTypes.PersonalBest, OccurredAtMs = activity.FinishedAtMs, PeriodKey = activity.ActivityId,
            PersonalBest = candidate,
        });
    }

    private void Remind(long now)
    {
        var users = new SortedSet<string>(extents.Keys, StringComparer.Ordinal);
        users.UnionWith(settings.All().Select(s => s.Key));
        users.UnionWith(goals.All().Select(g => g.Key));
        foreach (var user in users)
        {
            var mine = settings.TryGet(user, out var stored) ? stored : Defaults(user);
            var zone = LocalCalendar.Zone(mine.TimeZone);
            // The user's activities are read from the store at most once per visit, and only when a reminder needs them.
            List<NotifiedActivity>? list = null;
            List<NotifiedActivity> Activities() => list ??= ActivitiesOf(user);
            if (extents.GetValueOrDefault(user) is { } old && old.EarliestStartedAtMs < now - RetentionMs)
            {
                Prune(user, Activities(), now);
            }
            var extent = extents.GetValueOrDefault(user);
            RemindInactivity(now, user, mine, zone, extent);
            RemindGoalsAtRisk(now, user, mine, zone, extent, Activities);
            SummarizeWeek(now, user, mine, zone, extent, Activities);
        }
    }

    private void RemindInactivity(long now, string user, NotificationSettings mine, TimeZoneInfo zone, NotifiedUserExtent? extent)
    {
        if (mine.InactivityDays <= 0 || extent is null)
        {
            return;
        }
        var due = extent.LatestFinishedAtMs + LocalCalendar.Days(mine.InactivityDays);
        if (now < due)
        {
            return;
        }
        // Once per stretch of inactivity: the period is the local date of the last activity.
        var period = LocalCalendar.DateKey(LocalCalendar.DateOf(extent.LatestFinishedAtMs, zone));
        Emit(now, new Notification
        {
            NotificationId = $"inactivity:{user}:{period}", UserId = user, Type = NotificationTypes.Inactivity, OccurredAtMs = due, PeriodKey = period,
            Inactivity = new Inactivity
            {
                Days = mine.InactivityDays, LastActivityAtMs = extent.LatestFinishedAtMs, LastActivityId = extent.LatestFinishedActivityId, TimeZone = zone.Id,
            },
        });
    }

    private void RemindGoalsAtRisk(
        long now, string user, NotificationSettings mine, TimeZoneInfo zone, NotifiedUserExtent? extent, Func<List<NotifiedActivity>> activities)
    {
        if (mine.GoalAtRiskPercent <= 0 || !goals.TryGet(user, out var set))
        {
            return;
        }
        foreach (var goal in set.Goals)
        {
            var period = LocalCalendar.PeriodOf(goal.Period, now, zone);
            var lead = goal.Period == GoalPeriods.Year ? YearLeadMs : WeekLeadMs;
            if (period.EndMs - now > lead || goal.CreatedAtMs >= period.EndMs - lead)
            {
                // Not ending yet, or the goal was set inside the final stretch (no warning about a period the user just chose).
                continue;
            }
            var id = $"goal-at-risk:{user}:{goal.GoalId}:{period.Key}";
            if (emitted.TryGet(id, out _))
            {
                continue;
            }
            // Nobody started anything since the period began: nothing counts, without reading the activities.
            var counted = extent is null || extent.LatestStartedAtMs < period.StartMs
                ? []
                : activities().Where(a => a.Sport == goal.Sport && period.Contains(a.StartedAtMs)).ToList();
            var (value, target) = goal.Kind switch
            {
                GoalKinds.Distance => (counted.Sum(a => a.DistanceM), goal.TargetDistanceM),
                GoalKinds.Duration => (counted.Sum(a => a.MovingTimeS), goal.TargetDurationS),
                GoalKinds.Volume => (counted.Sum(a => a.VolumeKg), goal.TargetVolumeKg),
                _ => (counted.Count, goal.TargetCount),
            };
            if (target <= 0)
            {
                continue;
            }
            var percent = 100 * value / target;
            if (percent >= mine.GoalAtRiskPercent)
            {
                continue;
            }
            Emit(now, new Notification
            {
                NotificationId = id, UserId = user, Type = NotificationTypes.GoalAtRisk,
                OccurredAtMs = now, PeriodKey = period.Key,
                GoalAtRisk = new GoalAtRisk
                {
                    GoalId = goal.GoalId, Sport = goal.Sport, Kind = goal.Kind, Period = goal.Period, PeriodKey = period.Key, Target = target,
                    Value = value, PercentDone = percent, PeriodEndsAtMs = period.EndMs, TimeZone = zone.Id,
                },
            });
        }
    }

    /// <summary>On the user's local Monday: last week's totals against the four weeks before it, its personal bests and the streak.</summary>
    private void SummarizeWeek(
        long now, string user, NotificationSettings mine, TimeZoneInfo zone, NotifiedUserExtent? extent, Func<List<NotifiedActivity>> activities)
    {
        if (!mine.WeeklySummary || extent is null)
        {
            return;
        }
        var thisWeek = LocalCalendar.WeekOf(now, zone);
        if (LocalCalendar.DateOf(now, zone).DayOfWeek != DayOfWeek.Monday)
        {
            return; // on the local Monday only (all of it, so a restart during the day still sends it), never late in the week
        }
        var week = LocalCalendar.WeekOf(thisWeek.StartMs - 1, zone);
        var earlier = new List<LocalPeriod>();
        for (var start = week.StartMs; earlier.Count < 4; start = earlier[^1].StartMs)
        {
            earlier.Add(LocalCalendar.WeekOf(start - 1, zone));
        }
        var id = $"weekly-summary:{user}:{week.Key}";
        if (extent.LatestStartedAtMs < earlier[^1].StartMs || emitted.TryGet(id, out _))
        {
            return; // nothing to say to someone who has not been active in five weeks, or said already
        }
        var list = activities();
        if (!list.Any(a => a.StartedAtMs >= earlier[^1].StartMs && a.StartedAtMs < week.EndMs))
        {
            return;
        }
        var inWeek = list.Where(a => week.Contains(a.StartedAtMs)).ToList();
        var before = list.Where(a => a.StartedAtMs >= earlier[^1].StartMs && a.StartedAtMs < week.StartMs).ToList();
        var summary = new WeeklySummary
        {
            Week = week.Key, TimeZone = zone.Id, WeekStartMs = week.StartMs, WeekEndMs = week.EndMs, Activities = inWeek.Count,
            DistanceM = inWeek.Sum(a => a.DistanceM), MovingTimeS = inWeek.Sum(a => a.MovingTimeS),
            PreviousFourWeeksAvgActivities = before.Count / 4.0, PreviousFourWeeksAvgDistanceM = before.Sum(a => a.DistanceM) / 4,
            PreviousFourWeeksAvgMovingTimeS = before.Sum(a => a.MovingTimeS) / 4, StreakDays = Streak(list, zone, week),
        };
        summary.DistanceChangePercent = summary.PreviousFourWeeksAvgDistanceM > 0
            ? 100 * (summary.DistanceM - summary.PreviousFourWeeksAvgDistanceM) / summary.PreviousFourWeeksAvgDistanceM
            : 0;
        summary.BySport.AddRange(inWeek.GroupBy(a => a.Sport).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new SportTotals
        {
            Sport = g.Key, Activities = g.Count(), DistanceM = g.Sum(a => a.DistanceM), MovingTimeS = g.Sum(a => a.MovingTimeS),
        }));
        var weekIds = inWeek.Select(a => a.ActivityId).ToHashSet();
        summary.PersonalBests.AddRange(bests.WithPrefix(user).Where(b => b.Value.PreviousActivityId.Length > 0 && weekIds.Contains(b.Value.ActivityId))
            .Select(b => b.Value));
        Emit(now, new Notification
        {
            NotificationId = id, UserId = user, Type = NotificationTypes.WeeklySummary, OccurredAtMs = week.EndMs, PeriodKey = week.Key,
            WeeklySummary = summary,
        });
    }

    /// <summary>Consecutive local days with an activity, counted back from the week's last day (0 when that day had none).</summary>
    private static int Streak(List<NotifiedActivity> list, TimeZoneInfo zone, LocalPeriod week)
    {
        var days = list.Select(a => LocalCalendar.DateOf(a.StartedAtMs, zone)).ToHashSet();
        var streak = 0;
        for (var day = LocalCalendar.DateOf(week.EndMs - 1, zone); days.Contains(day); day = day.AddDays(-1))
        {
            streak++;
        }
        return streak;
    }

    /// <summary>Forgets activities older than the longest period looked at (a year goal), except each user's newest (inactivity).</summary>
    private void Prune(string user, List<NotifiedActivity> list, long now)
    {
        var newest = list.MaxBy(a => a.FinishedAtMs);
        foreach (var old in list.Where(a => a.StartedAtMs < now - RetentionMs && a != newest).ToList())
        {
            activities.Delete($"{user}|{old.ActivityId}");
            list.Remove(old);
        }
        Recompute(user, list);
    }

    private void Recompute(string user, List<NotifiedActivity> list)
    {
        if (NotifiedUserExtent.Of(list) is { } extent)
        {
            extents[user] = extent;
        }
        else
        {
            extents.Remove(user);
        }
    }

    private void Emit(long timestamp, Notification notification)
    {
        if (emitted.TryGet(notification.NotificationId, out _))
        {
            return;
        }
        emitted.Put(notification.NotificationId, context.WallClockTime);
        context.Forward(new Record<string, Notification>(notification.NotificationId, notification, timestamp));
    }

    private static NotificationSettings Defaults(string user) =>
        new() { UserId = user, InactivityDays = 7, GoalAtRiskPercent = 50, WeeklySummary = true };

    private static NotifiedActivity Digest(ActivitySummary summary)
    {
        var digest = new NotifiedActivity
        {
            UserId = summary.UserId, ActivityId = summary.ActivityId, Sport = summary.Sport.Trim().ToLowerInvariant(),
            StartedAtMs = summary.StartedAtMs, FinishedAtMs = summary.LastSampleMs > 0 ? summary.LastSampleMs : summary.StartedAtMs,
            DistanceM = summary.DistanceM, MovingTimeS = summary.MovingTimeS, VolumeKg = summary.VolumeKg,
        };
        digest.Efforts.AddRange(BestEfforts.Of(summary));
        return digest;
    }

    /// <summary>The user's stored activities in activity id order (ordinal), read as the user's range of the store.</summary>
    private List<NotifiedActivity> ActivitiesOf(string user) =>
        activities.WithPrefix(user).ConvertAll(a => a.Value);
}
