using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Splitstream.Geo;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;
using HeartRateSample = Splitstream.Geo.HeartRateSample;

namespace Splitstream.Processors.Metrics;

/// <summary>
/// The activity-metrics step: merges lifecycle events, GPS and heart rate of the task's activities into their
/// timelines (raw state, deduplicated by time, changelogged per 30 s chunk), and on a wall-clock punctuator emits
/// the summary of every activity that changed and every 1-minute window that closed or changed after closing.
/// </summary>
/// <remarks>
/// Everything emitted is a pure function of the deduplicated raw state (and, for which windows are closed, of stream
/// time), so a replay after a crash or a rebalance, a duplicate or a late batch lands on the same values.
/// </remarks>
internal sealed class ActivityMetricsProcessor(ActivityMetricsTopologyOptions options, TimeWindows windows) : IProcessor<string, IMessage>
{
    /// <summary>Fewer activities due in one punctuation than this fold on the stream thread: the thread pool would cost more.</summary>
    private const int ParallelFoldThreshold = 8;

    // The activities held in memory: a cache of the raw state, which the store keeps for every activity ever seen.
    private readonly Dictionary<string, TrackedActivity> activities = [];
    private readonly List<(TrackedActivity Activity, ActivityMetrics Metrics)> due = [];
    private IProcessorContext context = null!;
    private IKeyValueStore<string, ActivityStateEntry> store = null!;
    private IKeyValueStore<string, long> unsettled = null!;

    public void Init(IProcessorContext context)
    {
        this.context = context;
        store = context.GetStateStore<IKeyValueStore<string, ActivityStateEntry>>(ActivityMetricsTopology.StateStore);
        unsettled = context.GetStateStore<IKeyValueStore<string, long>>(ActivityMetricsTopology.UnsettledStore);
        LoadUnsettled();
        context.Schedule(options.SummaryInterval, PunctuationType.WallClockTime, Punctuate);
    }

    public void Process(Record<string, IMessage> record)
    {
        switch (record.Value)
        {
            case GpsBatch gps:
                OnGps(record, gps);
                break;
            case HeartRateBatch heartRate:
                OnHeartRate(record, heartRate);
                break;
            case ActivityEvent lifecycle:
                OnEvent(record, lifecycle);
                break;
            default:
                throw new InvalidOperationException($"unexpected input {record.Value.GetType().Name}");
        }
    }

    private void OnGps(Record<string, IMessage> record, GpsBatch batch)
    {
        for (var i = 0; i < batch.Samples.Count; i++)
        {
            var s = batch.Samples[i];
            if (!SampleRanges.IsLatitude(s.Lat) || !SampleRanges.IsLongitude(s.Lon)
                || (s.HasEle && !double.IsFinite(s.Ele)) || (s.HasAcc && !double.IsFinite(s.Acc)))
            {
                throw new ArgumentException($"samples[{i}]: lat, lon, ele or acc out of range");
            }
        }
        if (Tracked(record) is not { } activity)
        {
            return;
        }
        for (var i = 0; i < batch.Samples.Count; i++)
        {
            RejectBeyondSpan(activity, i, batch.Samples[i].TimeMs);
        }
        var chunk = long.MinValue;
        var closedEnd = ClosedWindowsEnd(context.StreamTime);
        var oldest = long.MaxValue;
        foreach (var s in batch.Samples)
        {
            if (!activity.Timeline.AddPoint(new TrackSample(s.TimeMs, s.Lat, s.Lon, s.HasEle ? s.Ele : null, s.HasAcc ? s.Acc : null)))
            {
                continue;
            }
            activity.Dirty = true;
            Touch(activity, s.TimeMs, ref chunk);
            oldest = Math.Min(oldest, s.TimeMs);
        }
        ReportIfLate(record, oldest, closedEnd);
    }

    private void OnHeartRate(Record<string, IMessage> record, HeartRateBatch batch)
    {
        for (var i = 0; i < batch.Samples.Count; i++)
        {
            if (!SampleRanges.IsHeartRate(batch.Samples[i].Bpm))
            {
                throw new ArgumentException(
                    $"samples[{i}].bpm: {batch.Samples[i].Bpm} is outside {SampleRanges.MinHeartRate}–{SampleRanges.MaxHeartRate}");
            }
        }
        if (Tracked(record) is not { } activity)
        {
            return;
        }
        for (var i = 0; i < batch.Samples.Count; i++)
        {
            RejectBeyondSpan(activity, i, batch.Samples[i].TimeMs);
        }
        var chunk = long.MinValue;
        var closedEnd = ClosedWindowsEnd(context.StreamTime);
        var oldest = long.MaxValue;
        foreach (var s in batch.Samples)
        {
            if (!activity.Timeline.AddHeartRate(new HeartRateSample(s.TimeMs, s.Bpm)))
            {
                continue;
            }
            activity.Dirty = true;
            Touch(activity, s.TimeMs, ref chunk);
            oldest = Math.Min(oldest, s.TimeMs);
        }
        ReportIfLate(record, oldest, closedEnd);
    }

    /// <summary>
    /// A batch with a sample beyond the activity's 48 h span (DESIGN §4; the gateway answers 400, so it comes from another
    /// producer) is dead-lettered whole, naming the sample: every sample is checked before any is applied. Before the
    /// start event is known there is no span to check.
    /// </summary>
    private static void RejectBeyondSpan(TrackedActivity activity, int index, long timeMs)
    {
        if (activity.Timeline.Info is { } info && !SampleRanges.IsWithinActivitySpan(timeMs, info.StartedAtMs))
        {
            throw new ArgumentException(
                $"samples[{index}].t: {timeMs} is more than {SampleRanges.MaxActivitySpan.TotalHours:0} h after the activity's start {info.StartedAtMs}");
        }
    }

    private void OnEvent(Record<string, IMessage> record, ActivityEvent e)
    {
        bool changed;
        switch (e.KindCase)
        {
            case ActivityEvent.KindOneofCase.Started:
                var info = InfoOf(e);
                if (Tracked(record) is not { } started)
                {
                    return;
                }
                changed = started.Timeline.Start(info);
                break;
            case ActivityEvent.KindOneofCase.Paused or ActivityEvent.KindOneofCase.Resumed or ActivityEvent.KindOneofCase.Stopped:
                if (Tracked(record) is not { } activity)
                {
                    return;
                }
                var kind = e.KindCase switch
                {
                    ActivityEvent.KindOneofCase.Paused => LifecycleKind.Pause,
                    ActivityEvent.KindOneofCase.Resumed => LifecycleKind.Resume,
                    _ => LifecycleKind.Stop,
                };
                changed = activity.Timeline.AddLifecycle(kind, e.EventTimeMs);
                break;
            default:
                throw new ArgumentException("event has no kind");
        }
        if (changed)
        {
            var activity = activities[record.Key];
            activity.Dirty = true;
            store.Put(ActivityStateKey.Lifecycle(record.Key), ActivityStateEntry.LiveLifecycle(activity.Timeline));
            if (e.KindCase != ActivityEvent.KindOneofCase.Started && activity.Timeline.Info?.Manual is null)
            {
                // A pause, resume or stop moves moving time between windows: one for a closed window is late. (A start
                // is not a sample of any window, and often trails the first samples of a busy partition. A manual entry
                // has no windows: it is logged after the fact by nature, so its stop is not late.)
                ReportIfLate(record, e.EventTimeMs, ClosedWindowsEnd(context.StreamTime));
            }
        }
    }

    /// <summary>
    /// The start event's activity info. The sport must be in the registry; a sport devices don't track (strength, yoga)
    /// only as a manual entry, whose figures the entry itself holds (the fold gets the walking profile, unused: such an
    /// activity has no points). A bad start is dead-lettered.
    /// </summary>
    private static ActivityInfo InfoOf(ActivityEvent e)
    {
        if (!Splitstream.Schemas.Sports.SportRegistry.TryGet(e.Started.Sport, out var registered))
        {
            throw new ArgumentException($"started.sport: unknown sport '{e.Started.Sport}'");
        }
        var manual = e.Started.Manual;
        if (!registered.Tracked && manual is null)
        {
            throw new ArgumentException($"started.sport: {registered.Name} is logged by hand only (started.manual is missing)");
        }
        var tracked = SportParser.TryParse(registered.Name, out var sport);
        return new ActivityInfo(e.Started.UserId, tracked ? sport : Sport.Walk, e.EventTimeMs, e.Started.RaceId, e.Started.Country)
        {
            SportName = tracked ? null : registered.Name,
            Manual = manual,
        };
    }

    /// <summary>
    /// The activity of a record: from memory, or loaded from the store with every point it ever had (an activity
    /// synced hours, days or months late is corrected exactly as if it had come on time), or new.
    /// </summary>
    private TrackedActivity? Tracked(Record<string, IMessage> record)
    {
        if (!activities.TryGetValue(record.Key, out var activity))
        {
            activity = Load(record.Key);
            activities[record.Key] = activity;
        }
        activity.LastTouchedStreamTime = Math.Max(context.StreamTime, record.Timestamp);
        return activity;
    }

    /// <summary>
    /// Brings an activity into memory from its stored raw state (none for a new one), marked unsettled: until its
    /// summary and windows are out and it has been idle for the memory retention, a restart re-emits it.
    /// </summary>
    private TrackedActivity Load(string id)
    {
        var timeline = new ActivityTimeline(id, options.Metrics);
        ActivityStateEntry? lifecycle = null;
        var chunks = new List<(string Key, ActivityStateEntry Entry)>();
        // Ids with '|' may share the range, hence the check. Listed: the loop deletes stale markers.
        foreach (var (key, entry) in store.WithPrefix(id))
        {
            if (ActivityStateKey.ActivityIdOf(key) != id)
            {
                continue;
            }
            if (entry.Kind == ActivityStateEntryKind.Samples)
            {
                chunks.Add((key, entry));
            }
            else if (entry.Kind == ActivityStateEntryKind.Lifecycle)
            {
                lifecycle = entry;
            }
            else
            {
                // An eviction marker of an older version, whose chunks were deleted: the points are in the point store only.
                context.Logger.LogWarning("Activity {ActivityId} was evicted by an older version; its summary covers only what arrives from now on", id);
                store.Delete(key);
            }
        }
        if (lifecycle is not null)
        {
            if (lifecycle.Info is { } info)
            {
                timeline.Start(info);
            }
            foreach (var (time, kind) in lifecycle.Lifecycle.ToList())
            {
                timeline.AddLifecycle(kind, time);
            }
            lifecycle.Attach(timeline);
        }
        // Chunks in time order, so the points append instead of inserting.
        chunks.Sort((a, b) => a.Entry.ChunkStartMs.CompareTo(b.Entry.ChunkStartMs));
        foreach (var (_, chunk) in chunks)
        {
            foreach (var point in chunk.Points)
            {
                timeline.AddPoint(point);
            }
            foreach (var reading in chunk.HeartRates)
            {
                timeline.AddHeartRate(reading);
            }
            chunk.Attach(timeline);
        }
        if (!unsettled.TryGet(id, out _))
        {
            unsettled.Put(id, context.StreamTime);
        }
        return new TrackedActivity(timeline) { LastTouchedStreamTime = context.StreamTime };
    }

    /// <summary>Marks the chunk of a changed sample for the next changelog flush (once per chunk per run of samples).</summary>
    private void Touch(TrackedActivity activity, long timeMs, ref long lastChunk)
    {
        if (timeMs >= lastChunk && timeMs < lastChunk + ActivityStateKey.ChunkMs)
        {
            return;
        }
        var chunk = ActivityStateKey.ChunkStartOf(timeMs);
        store.Put(ActivityStateKey.Samples(activity.Timeline.ActivityId, chunk), ActivityStateEntry.LiveSamples(activity.Timeline, chunk));
        lastChunk = chunk;
    }

    /// <summary>
    /// DESIGN §4: a record with a sample (or event) in a closed window — one ending at or before
    /// <paramref name="closedEnd"/> — is counted and logged once, and still corrects the summary (and the window).
    /// </summary>
    private void ReportIfLate(Record<string, IMessage> record, long oldestTimeMs, long closedEnd)
    {
        if (oldestTimeMs < closedEnd)
        {
            var start = oldestTimeMs - (((oldestTimeMs % windows.SizeMs) + windows.SizeMs) % windows.SizeMs);
            context.ReportLateRecord(record, start, windows.CloseTime(context.StreamTime));
        }
    }

    private void Punctuate(long now)
    {
        var streamTime = context.StreamTime;
        var closedEnd = ClosedWindowsEnd(streamTime);
        due.Clear();
        foreach (var activity in activities.Values)
        {
            // Nothing is published before the start event: the sport decides the fold and the user owns the summary.
            if (activity.Timeline.Info is not null && (activity.Dirty || WindowsDue(activity, closedEnd)))
            {
                due.Add((activity, null!));
            }
        }
        // Folding is most of the work, and each timeline folds on its own: many due activities fold in parallel.
        // Emission stays on the stream thread.
        if (due.Count >= ParallelFoldThreshold)
        {
            Parallel.For(0, due.Count, i => due[i] = (due[i].Activity, due[i].Activity.Timeline.Summarize()));
        }
        else
        {
            for (var i = 0; i < due.Count; i++)
            {
                due[i] = (due[i].Activity, due[i].Activity.Timeline.Summarize());
            }
        }
        foreach (var (activity, metrics) in due)
        {
            if (activity.Dirty)
            {
                context.Forward(new Record<string, ActivitySummary>(activity.Timeline.ActivityId,
                    ActivityOutputs.Summary(activity.Timeline, activity.Timeline.Info!, metrics), now), ActivityMetricsTopology.SummarySink);
                activity.Dirty = false;
            }
            EmitClosedWindows(activity, metrics, streamTime);
            activity.WindowsClosedThrough = Math.Max(activity.WindowsClosedThrough, closedEnd);
        }
        due.Clear();
        EvictFinished(streamTime);
    }

    /// <summary>The end of the newest closed window: every window ending at or before it is closed.</summary>
    private long ClosedWindowsEnd(long streamTime)
    {
        var closeTime = windows.CloseTime(streamTime);
        return closeTime == long.MinValue ? long.MinValue : closeTime - (((closeTime % windows.SizeMs) + windows.SizeMs) % windows.SizeMs);
    }

    /// <summary>Whether windows with samples closed since the activity's last window pass.</summary>
    private static bool WindowsDue(TrackedActivity activity, long closedEnd)
    {
        var points = activity.Timeline.Points;
        return closedEnd > activity.WindowsClosedThrough && points.Count > 0
            && points[0].TimeMs < closedEnd && points[^1].TimeMs >= activity.WindowsClosedThrough;
    }

    private void EmitClosedWindows(TrackedActivity activity, ActivityMetrics metrics, long streamTime)
    {
        foreach (var window in metrics.Windows)
        {
            if (!windows.IsClosed(window.WindowStartMs, streamTime))
            {
                break;
            }
            if (activity.EmittedWindows.TryGetValue(window.WindowStartMs, out var emitted) && emitted == window)
            {
                continue;
            }
            context.Forward(new Record<string, WindowMetrics>(activity.Timeline.ActivityId,
                ActivityOutputs.Window(activity.Timeline.ActivityId, window, windows.SizeMs), window.WindowStartMs), ActivityMetricsTopology.MetricsSink);
            activity.EmittedWindows[window.WindowStartMs] = window;
        }
    }

    /// <summary>
    /// Bounded memory: once stream time is <see cref="ActivityMetricsTopologyOptions.FinishedRetention"/> past an
    /// activity's last record after its stop (or <see cref="ActivityMetricsTopologyOptions.AbandonedAfter"/> past it,
    /// when it never stopped), and its latest summary has gone out, it leaves memory and is settled: its unsettled
    /// mark is deleted. Its raw state stays in the store: a record arriving later loads it again, whatever its age.
    /// </summary>
    private void EvictFinished(long streamTime)
    {
        if (streamTime == long.MinValue)
        {
            return;
        }
        List<TrackedActivity>? evictable = null;
        foreach (var activity in activities.Values)
        {
            if (activity.LastTouchedStreamTime == long.MinValue)
            {
                // Loaded before the task knew its stream time: count from now.
                activity.LastTouchedStreamTime = streamTime;
                continue;
            }
            // An activity that never started has no summary to wait for.
            if ((!activity.Dirty || activity.Timeline.Info is null) && EvictionTime(activity) <= streamTime)
            {
                (evictable ??= []).Add(activity);
            }
        }
        foreach (var activity in evictable ?? [])
        {
            var id = activity.Timeline.ActivityId;
            activities.Remove(id);
            unsettled.Delete(id);
            context.Logger.LogDebug("Activity {ActivityId} ({Points} points) settled and left the memory of task {Partition}", id,
                activity.Timeline.PointCount, context.TaskPartition);
        }
    }

    /// <remarks>
    /// Counted in stream time from the last record that reached the activity, never from its event times: stream time
    /// follows record timestamps (when ingest accepted a batch), while an offline device may sync an activity days after
    /// it happened, in many batches; comparing its sample times with stream time would evict it after its first batch.
    /// The wait also covers the acknowledgement of its last summary: the unsettled mark goes only when many commits
    /// have passed since, so a crash can't lose a summary whose mark is gone.
    /// </remarks>
    private long EvictionTime(TrackedActivity activity) =>
        activity.LastTouchedStreamTime + (long)(activity.StoppedAtMs is null ? options.AbandonedAfter : options.FinishedRetention).TotalMilliseconds;

    /// <summary>
    /// After a restore, the activities whose outputs may not all be out (changed, or with windows still to close, when
    /// the previous owner stopped) are loaded and marked for re-emission: their summary and closed windows are sent again
    /// at the first punctuation (the same values; keyed upserts). Derived state is never logged: it is recomputed, so a
    /// partly acknowledged commit can't leave it out of step with the raw state. Settled activities stay on disk.
    /// </summary>
    private void LoadUnsettled()
    {
        foreach (var (id, _) in unsettled.All().ToList())
        {
            activities[id] = Load(id);
        }
        if (activities.Count > 0)
        {
            context.Logger.LogInformation("Task {Partition} loaded {Activities} unsettled activities from its state for re-emission",
                context.TaskPartition, activities.Count);
        }
    }
}
