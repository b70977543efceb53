using Confluent.Kafka;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Store;

namespace Splitstream.Processors.Sinks;

/// <summary>GPS and heart-rate samples flattened into point rows: one row per sample, keyed (activity id, time).</summary>
public sealed class PointSeriesBatch(IPointStore store, ISchemaRegistry registry, int maxRows) : ISinkBatch
{
    private readonly ProtobufDeserializer<GpsBatch> gpsDeserializer = new(registry, GpsBatch.Parser);
    private readonly ProtobufDeserializer<HeartRateBatch> hrDeserializer = new(registry, HeartRateBatch.Parser);
    private readonly List<GpsPoint> gps = new(maxRows + 5_000);
    private readonly List<HeartRatePoint> heartRate = [];

    public static IReadOnlyList<string> Topics { get; } = [Schemas.Topics.Gps, Schemas.Topics.HeartRate];

    public bool IsEmpty => gps.Count == 0 && heartRate.Count == 0;

    public bool IsFull => gps.Count + heartRate.Count >= maxRows;

    public void Add(ConsumeResult<byte[], byte[]> record)
    {
        switch (record.Topic)
        {
            case Schemas.Topics.Gps:
                var batch = gpsDeserializer.Deserialize(record);
                var activity = ActivityIdOf(batch.ActivityId, record);
                foreach (var s in batch.Samples)
                {
                    gps.Add(new GpsPoint(activity, s.TimeMs, s.Lat, s.Lon, s.HasEle ? s.Ele : null, s.HasAcc ? s.Acc : null));
                }
                break;
            case Schemas.Topics.HeartRate:
                var hr = hrDeserializer.Deserialize(record);
                var hrActivity = ActivityIdOf(hr.ActivityId, record);
                foreach (var s in hr.Samples)
                {
                    heartRate.Add(new HeartRatePoint(hrActivity, s.TimeMs, s.Bpm));
                }
                break;
            default:
                throw new InvalidOperationException("point-series sink consumed from unexpected topic " + record.Topic);
        }
    }

    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        await store.WritePointsAsync(gps, heartRate, cancellationToken);
    }

    public void Clear()
    {
        gps.Clear();
        heartRate.Clear();
    }

    /// <summary>The batch names its activity; the record key (the activity id by contract) covers producers that leave it empty.</summary>
    private static string ActivityIdOf(string fromValue, ConsumeResult<byte[], byte[]> record)
    {
        if (fromValue.Length > 0)
        {
            return fromValue;
        }
        if (record.Message.Key is { Length: > 0 } key)
        {
            return System.Text.Encoding.UTF8.GetString(key);
        }
        throw new RecordDecodeException(record.Topic, record.Partition.Value, record.Offset.Value, "record names no activity id");
    }
}
