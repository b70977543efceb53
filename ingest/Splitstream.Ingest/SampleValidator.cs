namespace Splitstream.Ingest;

/// <summary>
/// The sample rules of DESIGN §3: lat within ±90, lon within ±180, time no more than the allowed skew in the future
/// and not before the activity's start, heart rate 20–250, no NaN or infinity. One bad sample rejects the batch.
/// </summary>
public static class SampleValidator
{
    public const int MinHeartRate = 20;
    public const int MaxHeartRate = 250;
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
            if (s.Lat is { } lat && !(double.IsFinite(lat) && lat is >= -90 and <= 90))
            {
                errors.Add(new FieldError($"{prefix}[{i}].lat", "must be a number within ±90"));
            }
            if (s.Lon is { } lon && !(double.IsFinite(lon) && lon is >= -180 and <= 180))
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
            if (s.Hr is { } hr && hr is < MinHeartRate or > MaxHeartRate)
            {
                errors.Add(new FieldError($"{prefix}[{i}].hr", $"must be within {MinHeartRate}–{MaxHeartRate}"));
            }
        }
        return errors;
    }
}
