using Google.Protobuf;
using Splitstream.Schemas.V1;

namespace Splitstream.Ingest;

/// <summary>
/// Reads <c>application/x-protobuf</c> batch bodies: a <see cref="GpsBatch"/> by default, or a
/// <see cref="HeartRateBatch"/> when the content type says <c>proto=splitstream.v1.HeartRateBatch</c>. The message's
/// own activity and user ids are ignored: the route and the token decide them.
/// </summary>
public static class ProtobufSampleParser
{
    public const string HeartRateMessage = "splitstream.v1.HeartRateBatch";

    public static ParseOutcome Parse(ReadOnlySpan<byte> body, bool heartRate, int maxSamples, long? seq = null)
    {
        try
        {
            return heartRate ? FromHeartRate(HeartRateBatch.Parser.ParseFrom(body), maxSamples, seq) : FromGps(GpsBatch.Parser.ParseFrom(body), maxSamples, seq);
        }
        catch (InvalidProtocolBufferException e)
        {
            return ParseOutcome.Invalid([new FieldError("body", "invalid Protobuf " + (heartRate ? "HeartRateBatch" : "GpsBatch") + ": " + e.Message)], seq);
        }
    }

    /// <summary>True when a content type's <c>proto</c> (or <c>messageType</c>) parameter names the heart-rate message.</summary>
    public static bool IsHeartRate(string? contentType) =>
        contentType is not null && contentType.Contains(HeartRateMessage, StringComparison.OrdinalIgnoreCase);

    private static ParseOutcome FromGps(GpsBatch batch, int maxSamples, long? seq) =>
        FromSamples(batch.Samples, maxSamples, seq, static s => new IncomingSample
        {
            TimeMs = s.TimeMs,
            HasTime = true,
            Lat = s.Lat,
            Lon = s.Lon,
            Ele = s.HasEle ? s.Ele : null,
            Acc = s.HasAcc ? s.Acc : null,
        });

    private static ParseOutcome FromHeartRate(HeartRateBatch batch, int maxSamples, long? seq) =>
        FromSamples(batch.Samples, maxSamples, seq, static s => new IncomingSample { TimeMs = s.TimeMs, HasTime = true, Hr = s.Bpm });

    /// <summary>The batch limits every Protobuf body shares, then one incoming sample per message sample.</summary>
    private static ParseOutcome FromSamples<TSample>(IReadOnlyList<TSample> batch, int maxSamples, long? seq, Func<TSample, IncomingSample> map)
    {
        if (batch.Count > maxSamples)
        {
            return ParseOutcome.TooMany(seq);
        }
        if (batch.Count == 0)
        {
            return ParseOutcome.Invalid([new FieldError("samples", "must not be empty")], seq);
        }
        var samples = new List<IncomingSample>(batch.Count);
        foreach (var s in batch)
        {
            samples.Add(map(s));
        }
        return ParseOutcome.Parsed(new SampleBatch(samples, seq));
    }
}
