using Confluent.Kafka;
using Splitstream.Processors.Sinks;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Store.Tests;

/// <summary>Records as a device's batches carry them.</summary>
internal static class SinkRecords
{
    public static GpsBatch GpsBatchOf(string activityId, IEnumerable<GpsPoint> points)
    {
        var batch = new GpsBatch { ActivityId = activityId, UserId = "u1" };
        foreach (var p in points)
        {
            var sample = new GpsSample { TimeMs = p.TimeMs, Lat = p.Lat, Lon = p.Lon };
            if (p.Ele is { } ele)
            {
                sample.Ele = ele;
            }
            if (p.Acc is { } acc)
            {
                sample.Acc = acc;
            }
            batch.Samples.Add(sample);
        }
        return batch;
    }
}
