using Splitstream.Fit;

namespace Splitstream.Ingest;

/// <summary>
/// Turns a FIT activity file into what an upload publishes: one sample per <c>record</c> with a position or a heart
/// rate (indoor files without positions give heart-rate-only samples), the sport of its session, its device laps, and
/// its timer stop/start pairs as pauses. A file the decoder refuses becomes field errors named after the FIT message
/// and field (<c>record.timestamp</c>, <c>header.data_size</c>) with the byte offset in the message.
/// </summary>
public static class FitTrackReader
{
    public const string ContentType = "application/vnd.ant.fit";

    public static bool IsFit(string? contentType, ReadOnlySpan<byte> body) =>
        (contentType?.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase) ?? false) || FitDecoder.LooksLikeFit(body);

    public static FitTrack Read(ReadOnlyMemory<byte> body, int maxPoints)
    {
        FitActivity fit;
        try
        {
            fit = FitDecoder.Decode(body.Span, maxPoints);
        }
        catch (FitFormatException e) when (e.LimitExceeded)
        {
            return new FitTrack(new ParsedTrack([], null, [], TooManyPoints: true), [], []);
        }
        catch (FitFormatException e)
        {
            var field = e.FitMessage is null ? "body" : e.Field is null ? e.FitMessage : $"{e.FitMessage}.{e.Field}";
            return new FitTrack(new ParsedTrack([], null, [new FieldError(field, "unreadable FIT file " + e.Message)], TooManyPoints: false), [], []);
        }
        var samples = new List<IncomingSample>(fit.Records.Count);
        foreach (var r in fit.Records)
        {
            if (!r.HasPosition && r.HeartRate is null)
            {
                continue;
            }
            samples.Add(new IncomingSample
            {
                TimeMs = r.TimeMs,
                HasTime = true,
                Lat = r.Lat,
                Lon = r.Lon,
                Ele = r.HasPosition ? r.AltitudeM : null,
                Hr = r.HeartRate,
            });
        }
        var errors = new List<FieldError>();
        if (samples.Count == 0)
        {
            errors.Add(new FieldError("record", "the FIT file has no records with a position or a heart rate"));
        }
        if (fit.FileType is { } type && type != 4)
        {
            errors.Add(new FieldError("file_id.type", $"must be 4 (activity), not {type}"));
        }
        var track = new ParsedTrack(samples, FitSports.ToSplitstream(fit.Sport), errors, TooManyPoints: false);
        return new FitTrack(track, fit.Laps, Pauses(fit.Events, samples));
    }

    /// <summary>Each timer stop followed by a timer start inside the activity is a pause; the final stop is its end.</summary>
    private static List<(long, long)> Pauses(List<FitEvent> events, List<IncomingSample> samples)
    {
        var pauses = new List<(long, long)>();
        if (samples.Count == 0)
        {
            return pauses;
        }
        var first = samples.Min(s => s.TimeMs);
        var last = samples.Max(s => s.TimeMs);
        long? stoppedAt = null;
        foreach (var e in events.OrderBy(e => e.TimeMs))
        {
            if (e.IsTimerStop && e.TimeMs >= first && e.TimeMs < last)
            {
                stoppedAt ??= e.TimeMs;
            }
            else if (e.IsTimerStart && stoppedAt is { } paused && e.TimeMs > paused)
            {
                pauses.Add((paused, Math.Min(e.TimeMs, last)));
                stoppedAt = null;
            }
        }
        return pauses;
    }
}
