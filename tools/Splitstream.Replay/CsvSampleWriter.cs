using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;

namespace Splitstream.Replay;

/// <summary>
/// One CSV row per sample of telemetry.gps.v1 (<c>activity_id,user_id,time_ms,time,lat,lon,ele,acc,partition,offset</c>)
/// or telemetry.hr.v1 (<c>activity_id,user_id,time_ms,time,bpm,partition,offset</c>); empty cells for absent optional
/// values. Records that can't be decoded are counted, not written.
/// </summary>
public sealed class CsvSampleWriter
{
    public const string GpsHeader = "activity_id,user_id,time_ms,time,lat,lon,ele,acc,partition,offset";
    public const string HeartRateHeader = "activity_id,user_id,time_ms,time,bpm,partition,offset";
    private readonly StreamWriter writer;
    private readonly bool gps;

    public CsvSampleWriter(Stream output, string topic)
    {
        var baseTopic = TopicCodec.BaseTopic(topic);
        if (baseTopic is not (Topics.Gps or Topics.HeartRate))
        {
            throw new ArgumentException($"CSV is one row per sample: it exports {Topics.Gps} or {Topics.HeartRate}, not {topic} (use jsonl)");
        }
        gps = baseTopic == Topics.Gps;
        writer = new StreamWriter(output, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(gps ? GpsHeader : HeartRateHeader);
    }

    public long Rows { get; private set; }

    public long Undecodable { get; private set; }

    public async Task WriteAsync(ConsumeResult<byte[], byte[]> record)
    {
        var coordinates = string.Create(CultureInfo.InvariantCulture, $"{record.Partition.Value},{record.Offset.Value}");
        switch (TopicCodec.TryDecode(record.Topic, record.Message.Value, out _))
        {
            case GpsBatch batch:
                foreach (var s in batch.Samples)
                {
                    await writer.WriteLineAsync(string.Join(',', Escape(batch.ActivityId), Escape(batch.UserId), Num(s.TimeMs), Instant.Format(s.TimeMs),
                        Num(s.Lat), Num(s.Lon), s.HasEle ? Num(s.Ele) : "", s.HasAcc ? Num(s.Acc) : "", coordinates));
                    Rows++;
                }
                break;
            case HeartRateBatch batch:
                foreach (var s in batch.Samples)
                {
                    await writer.WriteLineAsync(string.Join(',', Escape(batch.ActivityId), Escape(batch.UserId), Num(s.TimeMs), Instant.Format(s.TimeMs),
                        Num(s.Bpm), coordinates));
                    Rows++;
                }
                break;
            default:
                Undecodable++;
                break;
        }
    }

    public Task FlushAsync() => writer.FlushAsync();

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting when a value holds a comma, quote or line break.</summary>
    private static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
