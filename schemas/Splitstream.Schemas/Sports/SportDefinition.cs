using Splitstream.Schemas.V1;

namespace Splitstream.Schemas.Sports;

/// <summary>
/// What every sport shares: a manual entry has a positive duration within an activity's 48 h span, notes of at most
/// <see cref="MaxNotesLength"/> characters, and a distance only where the sport has one, at a speed the sport allows.
/// The summary is the entry's duration as both moving and elapsed time, its distance, speed and pace.
/// </summary>
public abstract class SportDefinition : ISport
{
    public const int MaxNotesLength = 2_000;

    public abstract string Name { get; }

    public virtual bool Tracked => false;

    /// <summary>Whether the sport covers a distance at all (a yoga or strength session has none).</summary>
    protected virtual bool HasDistance => true;

    /// <summary>
    /// The fastest average speed a manual entry may claim, m/s: a typo of a zero (10 km in 3 minutes) is refused rather
    /// than put on the athlete's stats. Set well above elite averages.
    /// </summary>
    protected virtual double MaxAverageSpeedMps => 12.0;

    public virtual void Validate(ManualEntry entry, ICollection<SportFieldError> errors)
    {
        if (!double.IsFinite(entry.DurationS) || entry.DurationS <= 0 || entry.DurationS > SampleRanges.MaxActivitySpan.TotalSeconds)
        {
            errors.Add(new SportFieldError("duration_s", $"must be a number of seconds above 0 and at most {SampleRanges.MaxActivitySpan.TotalSeconds:0} (48 h)"));
        }
        if (entry.HasDistanceM)
        {
            if (!HasDistance)
            {
                errors.Add(new SportFieldError("distance_m", $"is not part of {Name}: leave it out"));
            }
            else if (!double.IsFinite(entry.DistanceM) || entry.DistanceM < 0)
            {
                errors.Add(new SportFieldError("distance_m", "must be a number of metres, 0 or more"));
            }
            else if (entry.DurationS > 0 && entry.DistanceM / entry.DurationS > MaxAverageSpeedMps)
            {
                errors.Add(new SportFieldError("distance_m",
                    $"{entry.DistanceM:0.#} m in {entry.DurationS:0.#} s is faster than {MaxAverageSpeedMps} m/s, more than {Name} allows"));
            }
        }
        if (entry.Notes.Length > MaxNotesLength)
        {
            errors.Add(new SportFieldError("notes", $"is at most {MaxNotesLength} characters"));
        }
        if (entry.Exercises.Count > 0 && !AcceptsExercises)
        {
            errors.Add(new SportFieldError("exercises", $"are for strength sessions, not {Name}"));
        }
    }

    /// <summary>Whether the entry may list exercises (strength does).</summary>
    protected virtual bool AcceptsExercises => false;

    public virtual void Summarize(ManualEntry entry, ActivitySummary summary)
    {
        summary.Manual = true;
        summary.MovingTimeS = entry.DurationS;
        summary.ElapsedTimeS = entry.DurationS;
        summary.DistanceM = entry.HasDistanceM ? entry.DistanceM : 0;
        summary.AvgSpeedMps = summary.DistanceM > 0 ? summary.DistanceM / entry.DurationS : 0;
        summary.MaxSpeedMps = 0;
        summary.AvgPaceSPerKm = summary.DistanceM > 0 ? entry.DurationS / (summary.DistanceM / 1000.0) : 0;
        summary.Notes = entry.Notes;
        summary.FirstSampleMs = summary.StartedAtMs;
        summary.LastSampleMs = summary.StartedAtMs + (long)Math.Round(entry.DurationS * 1000);
    }
}
