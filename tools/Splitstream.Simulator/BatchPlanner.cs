namespace Splitstream.Simulator;

/// <summary>
/// Turns a track into the device's request script, with the misbehaviour of real devices:
/// <list type="bullet">
/// <item>every <c>batchInterval</c> the device posts what it recorded since the last post (GPS and heart rate mixed);</item>
/// <item>inside an offline stretch nothing is sent; when the network returns, the backlog goes up in one late burst
/// (chunks of at most <see cref="MaxSamplesPerBatch"/>), and any event of the stretch follows it;</item>
/// <item>with <c>duplicateProbability</c> a batch is sent again a second later (its response was lost);</item>
/// <item>with <c>outOfOrderProbability</c> a batch is held back and sent after the next one (two connections racing).</item>
/// </list>
/// Events (pause, resume) go at their time, the stop after the last batch.
/// </summary>
public static class BatchPlanner
{
    public const int MaxSamplesPerBatch = 5000;

    public static List<PlannedSend> Plan(
        ActivitySpec spec, ActivityTrack track, TimeSpan batchInterval, double duplicateProbability, double outOfOrderProbability,
        SeededRandom random)
    {
        var activityPath = $"/v1/activities/{spec.ActivityId}";
        var samplesPath = activityPath + "/samples";
        var eventsPath = activityPath + "/events";
        var readings = track.Gps.Concat(track.HeartRate).OrderBy(s => s.TimeMs).ThenBy(s => s.IsGps ? 0 : 1).ToList();

        // On-time script: batches at each interval boundary, events at their time.
        var timeline = new List<Step>();
        var intervalMs = (long)batchInterval.TotalMilliseconds;
        var next = 0;
        for (var due = track.StartMs + intervalMs; ; due += intervalMs)
        {
            var cut = Math.Min(due, track.EndMs);
            var batch = new List<WireSample>();
            while (next < readings.Count && readings[next].TimeMs <= cut)
            {
                batch.Add(readings[next++]);
            }
            if (batch.Count > 0)
            {
                timeline.Add(new Step(cut, batch, null, Burst: false));
            }
            if (cut >= track.EndMs)
            {
                break;
            }
        }
        if (track.Pause is { } pause)
        {
            InsertByTime(timeline, new PlannedSend(pause.StartMs, SendKind.Event, eventsPath, WireJson.Event("pause", pause.StartMs), EventType: "pause"), beforeSameTime: false);
            // The resume goes before the batch holding the first fix after it.
            InsertByTime(timeline, new PlannedSend(pause.EndMs, SendKind.Event, eventsPath, WireJson.Event("resume", pause.EndMs), EventType: "resume"), beforeSameTime: true);
        }
        if (track.Offline is { } offline)
        {
            timeline = DeferOffline(timeline, offline);
        }

        var script = timeline
            .Select(step => step.Event ?? SamplesSend(samplesPath, step.DueMs, step.Batch!, step.Burst))
            .ToList();
        script = Misbehave(script, duplicateProbability, outOfOrderProbability, track.Offline, random);
        script.Insert(0, new PlannedSend(spec.StartMs, SendKind.Start, "/v1/activities", WireJson.Start(spec)));
        var stopDue = Math.Max(track.EndMs, script[^1].DueMs) + 500;
        script.Add(new PlannedSend(stopDue, SendKind.Event, eventsPath, WireJson.Event("stop", track.EndMs), EventType: "stop"));
        return script;
    }

    private static PlannedSend SamplesSend(string path, long dueMs, IReadOnlyList<WireSample> batch, bool lateBurst) => new(
        dueMs, SendKind.Samples, path, WireJson.Samples(batch),
        GpsSamples: batch.Count(s => s.IsGps), HrSamples: batch.Count(s => !s.IsGps), LateBurst: lateBurst);

    private static void InsertByTime(List<Step> timeline, PlannedSend send, bool beforeSameTime)
    {
        var index = timeline.FindIndex(s => beforeSameTime ? s.DueMs >= send.DueMs : s.DueMs > send.DueMs);
        timeline.Insert(index < 0 ? timeline.Count : index, new Step(send.DueMs, null, send, Burst: false));
    }

    /// <summary>
    /// Everything due inside the offline stretch moves to its end: the batches merged into one burst (in chunks the
    /// gateway accepts), then the events, then the rest of the script.
    /// </summary>
    private static List<Step> DeferOffline(
        List<Step> timeline, TimeWindow offline)
    {
        var result = new List<Step>();
        var backlog = new List<WireSample>();
        var deferredEvents = new List<PlannedSend>();
        var flushed = false;
        foreach (var item in timeline)
        {
            if (offline.Contains(item.DueMs))
            {
                if (item.Batch is not null)
                {
                    backlog.AddRange(item.Batch);
                }
                else
                {
                    deferredEvents.Add(item.Event! with { DueMs = offline.EndMs });
                }
                continue;
            }
            if (!flushed && item.DueMs >= offline.EndMs)
            {
                Flush();
            }
            result.Add(item);
        }
        if (!flushed)
        {
            Flush();
        }
        return result;

        void Flush()
        {
            flushed = true;
            foreach (var chunk in backlog.Chunk(MaxSamplesPerBatch))
            {
                result.Add(new Step(offline.EndMs, [.. chunk], null, Burst: true));
            }
            result.AddRange(deferredEvents.Select(e => new Step(e.DueMs, null, e, Burst: false)));
        }
    }

    /// <summary>Duplicates and swapped neighbours. Only sample batches are affected; events keep their place.</summary>
    private static List<PlannedSend> Misbehave(
        List<PlannedSend> script, double duplicateProbability, double outOfOrderProbability, TimeWindow? offline, SeededRandom random)
    {
        var result = new List<PlannedSend>(script.Count + 8);
        for (var i = 0; i < script.Count; i++)
        {
            var send = script[i];
            if (send.Kind == SendKind.Samples && i + 1 < script.Count && script[i + 1].Kind == SendKind.Samples
                && random.Chance(outOfOrderProbability))
            {
                var overtaking = script[i + 1];
                result.Add(overtaking);
                result.Add(send with { DueMs = overtaking.DueMs + 200, OutOfOrder = true });
                i++;
                continue;
            }
            result.Add(send);
            // No re-send can happen while the device is offline.
            if (send.Kind == SendKind.Samples && random.Chance(duplicateProbability) && offline?.Contains(send.DueMs + 1000) != true)
            {
                result.Add(send with { DueMs = send.DueMs + 1000, Duplicate = true, LateBurst = false });
            }
        }
        // A re-send a second later may overtake the next on-time batch's due time; the device still sends in order.
        for (var i = 1; i < result.Count; i++)
        {
            if (result[i].DueMs < result[i - 1].DueMs)
            {
                result[i] = result[i] with { DueMs = result[i - 1].DueMs };
            }
        }
        return result;
    }

    /// <summary>An entry of the on-time script: a batch of readings or an event.</summary>
    private readonly record struct Step(long DueMs, List<WireSample>? Batch, PlannedSend? Event, bool Burst);
}
