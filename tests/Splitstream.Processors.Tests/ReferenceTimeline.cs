using Splitstream.Geo;
using Splitstream.Processors.Metrics;
using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Processors.Tests;

/// <summary>An activity's timeline built straight from its records, in order, without the topology: the recompute oracle.</summary>
internal static class ReferenceTimeline
{
    public static ActivityTimeline Of(IEnumerable<InputRecord> records)
    {
        ActivityTimeline? timeline = null;
        foreach (var record in records)
        {
            timeline ??= new ActivityTimeline(record.Key);
            switch (record.Value)
            {
                case ActivityEvent { KindCase: ActivityEvent.KindOneofCase.Started } e:
                    SportParser.TryParse(e.Started.Sport, out var sport);
                    timeline.Start(new ActivityInfo(e.Started.UserId, sport, e.EventTimeMs, e.Started.RaceId, e.Started.Country));
                    break;
                case ActivityEvent e:
                    timeline.AddLifecycle(e.KindCase switch
                    {
                        ActivityEvent.KindOneofCase.Paused => LifecycleKind.Pause,
                        ActivityEvent.KindOneofCase.Resumed => LifecycleKind.Resume,
                        _ => LifecycleKind.Stop,
                    }, e.EventTimeMs);
                    break;
                case GpsBatch gps:
                    foreach (var s in gps.Samples)
                    {
                        timeline.AddPoint(new TrackSample(s.TimeMs, s.Lat, s.Lon, s.HasEle ? s.Ele : null, s.HasAcc ? s.Acc : null));
                    }
                    break;
                case HeartRateBatch hr:
                    foreach (var s in hr.Samples)
                    {
                        timeline.AddHeartRate(new Splitstream.Geo.HeartRateSample(s.TimeMs, s.Bpm));
                    }
                    break;
            }
        }
        return timeline ?? throw new ArgumentException("no records", nameof(records));
    }

    /// <summary>The summary the topology must publish for these records: the fold of all of them.</summary>
    public static ActivitySummary Summary(IEnumerable<InputRecord> records)
    {
        var timeline = Of(records);
        return ActivityOutputs.Summary(timeline, timeline.Info!, timeline.Summarize());
    }
}
