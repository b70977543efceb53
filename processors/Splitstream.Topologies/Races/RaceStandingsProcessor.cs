using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Processors.Races;

/// <summary>
/// Keeps the latest state of every racer (changelogged) and publishes each race's standings on a wall-clock
/// punctuator: within <see cref="RaceStandingsOptions.PublishCheckInterval"/> of a change, and at least every
/// <see cref="RaceStandingsOptions.RefreshInterval"/> while the race is live, so stale flags appear even when no
/// record arrives at all. A summary that is not ahead of the stored one (a duplicate, a replay) changes nothing.
/// </summary>
internal sealed class RaceStandingsProcessor(RaceStandingsOptions options) : IProcessor<string, RaceInput>
{
    public const string SinkName = "standings-sink";

    private readonly Dictionary<string, HashSet<string>> racersByRace = [];
    private readonly HashSet<string> changed = [];
    // Races that may still need publishing: live or changed. A finished race leaves the set, so the punctuator's
    // work follows the races in progress, not every race the store remembers.
    private readonly HashSet<string> active = [];
    private readonly Dictionary<string, long> lastPublished = [];
    private readonly Dictionary<string, bool> publishedLive = [];
    private IProcessorContext context = null!;
    private IKeyValueStore<string, RacerState> racers = null!;
    private IKeyValueStore<string, RaceDefinition> definitions = null!;
    private readonly Dictionary<string, RaceCourse> courses = [];

    public void Init(IProcessorContext context)
    {
        this.context = context;
        racers = context.GetStateStore<IKeyValueStore<string, RacerState>>(RaceStandingsTopology.RacersStore);
        definitions = context.GetStateStore<IKeyValueStore<string, RaceDefinition>>(RaceStandingsTopology.DefinitionsStore);
        foreach (var (raceId, definition) in definitions.All())
        {
            courses[raceId] = new RaceCourse(definition);
        }
        // The index is derived from the restored store; live races are republished at the first punctuation.
        foreach (var (key, racer) in racers.All())
        {
            Index(racer.RaceId, key);
            active.Add(racer.RaceId);
        }
        context.Schedule(options.PublishCheckInterval, PunctuationType.WallClockTime, Publish);
    }

    public void Process(Record<string, RaceInput> record)
    {
        if (record.Value.Definition is { } definition)
        {
            Define(record.Key, definition);
        }
        else if (record.Value.Summary is { } summary)
        {
            Process(record.Key, summary);
        }
    }

    /// <summary>Keeps the newest usable definition of a race (by revision: two publications may arrive in either order).</summary>
    private void Define(string raceId, RaceDefinition definition)
    {
        if (string.IsNullOrEmpty(raceId) || !RaceCourse.IsUsable(definition)
            || (definitions.TryGet(raceId, out var stored) && stored.Revision > definition.Revision))
        {
            return;
        }
        definitions.Put(raceId, definition);
        courses[raceId] = new RaceCourse(definition);
        changed.Add(raceId);
        if (racersByRace.ContainsKey(raceId))
        {
            active.Add(raceId);
        }
    }

    private void Process(string raceId, ActivitySummary summary)
    {
        if (string.IsNullOrEmpty(raceId) || string.IsNullOrEmpty(summary.ActivityId))
        {
            return;
        }
        var key = RacerState.StoreKey(raceId, summary.ActivityId);
        var now = context.WallClockTime;
        RacerState next;
        var course = courses.GetValueOrDefault(raceId);
        if (!racers.TryGet(key, out var stored))
        {
            next = RacerState.From(summary, raceId, now);
            if (course is not null)
            {
                // Progress starts at the start line at the activity's start.
                next = CourseProgress.AdvanceThrough(next with { LastSampleMs = summary.StartedAtMs, DistanceM = 0 }, next,
                    summary.RecentPositions, course, options);
            }
        }
        else
        {
            var progress = stored.CompareProgress(summary);
            if (progress > 0)
            {
                return;
            }
            if (progress == 0)
            {
                // Same samples: only a lifecycle change (pause, resume) counts, never one that would undo a finish.
                if (stored.Status == summary.Status || stored.IsFinished)
                {
                    return;
                }
                next = stored with { Status = summary.Status, LastSeenMs = now };
            }
            else
            {
                next = stored.Next(summary, now);
                if (course is not null)
                {
                    next = CourseProgress.AdvanceThrough(stored, next, summary.RecentPositions, course, options);
                }
            }
        }
        racers.Put(key, next);
        Index(raceId, key);
        changed.Add(raceId);
        active.Add(raceId);
    }

    private void Publish(long now)
    {
        var refreshMs = (long)options.RefreshInterval.TotalMilliseconds;
        foreach (var raceId in active.ToList())
        {
            if (!racersByRace.ContainsKey(raceId))
            {
                // A definition with no racers yet: nothing to publish.
                active.Remove(raceId);
                continue;
            }
            var states = racersByRace[raceId].Select(k => racers.TryGet(k, out var r) ? r : null).OfType<RacerState>().ToList();
            var live = RaceRanking.IsLive(states, now, options);
            // Changed; or live and due for a refresh; or just over: one last publication says live = false.
            var due = changed.Contains(raceId)
                || (live && now - lastPublished.GetValueOrDefault(raceId, long.MinValue / 2) >= refreshMs)
                || (!live && publishedLive.GetValueOrDefault(raceId));
            if (!live && !changed.Contains(raceId))
            {
                active.Remove(raceId);
            }
            if (!due)
            {
                continue;
            }
            var course = courses.GetValueOrDefault(raceId);
            var standings = new RaceStandings { RaceId = raceId, GeneratedAtMs = now, Live = live, CourseLengthM = course?.LengthM ?? 0 };
            standings.Racers.AddRange(course is null ? RaceRanking.Rank(states, now, options) : CourseRanking.Rank(states, course, now, options));
            context.Forward(new Record<string, RaceStandings>(raceId, standings, now), SinkName);
            lastPublished[raceId] = now;
            publishedLive[raceId] = live;
        }
        changed.Clear();
    }

    private void Index(string raceId, string key)
    {
        if (!racersByRace.TryGetValue(raceId, out var keys))
        {
            racersByRace[raceId] = keys = [];
        }
        keys.Add(key);
    }
}
