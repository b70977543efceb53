using Google.Protobuf;
using Splitstream.Schemas.V1;

namespace Splitstream.Ingest;

/// <summary>
/// Turns validated samples into the records of DESIGN §2: positions into GpsBatch records on telemetry.gps.v1 and
/// heart rates into HeartRateBatch records on telemetry.hr.v1, at most <c>maxPerRecord</c> samples each.
/// </summary>
public static class TelemetryRecords
{
    public static List<IMessage> For(string activityId, string userId, IReadOnlyList<IncomingSample> samples, int maxPerRecord)
    {
        var records = new List<IMessage>(2);
        GpsBatch? gps = null;
        HeartRateBatch? hr = null;
        foreach (var s in samples)
        {
            if (s.HasPosition)
            {
                if (gps is null || gps.Samples.Count >= maxPerRecord)
                {
                    gps = new GpsBatch { ActivityId = activityId, UserId = userId };
                    records.Add(gps);
                }
                var point = new GpsSample { TimeMs = s.TimeMs, Lat = s.Lat!.Value, Lon = s.Lon!.Value };
                if (s.Ele is { } ele)
                {
                    point.Ele = ele;
                }
                if (s.Acc is { } acc)
                {
                    point.Acc = acc;
                }
                gps.Samples.Add(point);
            }
            if (s.Hr is { } bpm)
            {
                if (hr is null || hr.Samples.Count >= maxPerRecord)
                {
                    hr = new HeartRateBatch { ActivityId = activityId, UserId = userId };
                    records.Add(hr);
                }
                hr.Samples.Add(new HeartRateSample { TimeMs = s.TimeMs, Bpm = bpm });
            }
        }
        return records;
    }
}
