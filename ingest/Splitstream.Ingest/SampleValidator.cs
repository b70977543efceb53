using Splitstream.Schemas;

namespace Splitstream.Ingest;

/// <summary>
/// The sample rules of DESIGN §3 and §4 (ranges shared with the topologies: <see cref="SampleRanges"/>): lat within
/// ±90, lon within ±180, time no more than the allowed skew in the future, not before the activity's start and at most
/// 48 h after it, heart rate 20–250, no NaN or infinity. One bad sample rejects the batch.
/// </summary>
public static class SampleValidator
{
    public const int MinHeartRate = SampleRanges.MinHeartRate;
    public const int MaxHeartRate = SampleRanges.MaxHeartRate;
    private const int MaxErrors = 100;

    public static List<FieldError> Validate(
        IReadOnlyList<IncomingSample> samples, long activityStartMs, long nowMs, TimeSpan maxFutureSkew, string prefix = "samples")
    {
        var errors = new List<FieldError>();
        var latestAllowed = nowMs + (long)maxFutureSkew.TotalMilliseconds;
        for (var i = 0; i < samples.Count && errors.Count < MaxErrors; i++)
        {
            var s = samples[i];
            if (s.TimeMs > latestAllowed)
            {
                errors.Add(new FieldError($"{prefix}[{i}].t", $"is more than {maxFutureSkew.TotalMinutes:0} minutes in the future"));
            }
            else if (s.TimeMs < activityStartMs)
            {
                errors.Add(new FieldError($"{prefix}[{i}].t", "is before the activity's start"));
            }
            else if (!SampleRanges.IsWithinActivitySpan(s.TimeMs, activityStartMs))
            {
                errors.Add(new FieldError($"{prefix}[{i}].t",
                    $"is more than {SampleRanges.MaxActivitySpan.TotalHours:0} h after the activity's start (an activity spans at most that)"));
            }
            if (s.Lat is { } lat && !SampleRanges.IsLatitude(lat))
            {
                errors.Add(new FieldError($"{prefix}[{i}].lat", "must be a number within ±90"));
            }
            if (s.Lon is { } lon && !SampleRanges.IsLongitude(lon))
            {
                errors.Add(new FieldError($"{prefix}[{i}].lon", "must be a number within ±180"));
            }
            if (s.Ele is { } ele && !double.IsFinite(ele))
            {
                errors.Add(new FieldError($"{prefix}[{i}].ele", "must be a finite number"));
            }
            if (s.Acc is { } acc && !(double.IsFinite(acc) && acc >= 0))
            {
                errors.Add(new FieldError($"{prefix}[{i}].acc", "must be a finite, non-negative number of metres"));
            }
            if (s.Hr is { } hr && !SampleRanges.IsHeartRate(hr))
            {
                errors.Add(new FieldError($"{prefix}[{i}].hr", $"must be within {MinHeartRate}–{MaxHeartRate}"));
            }
        }
        return errors;
    }
}
