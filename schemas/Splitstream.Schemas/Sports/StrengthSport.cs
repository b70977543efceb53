using Splitstream.Schemas.V1;

namespace Splitstream.Schemas.Sports;

/// <summary>
/// Weight lifting (DESIGN §10): exercises with sets of reps and weight, no distance. The session volume is
/// Σ reps × weight_kg over every set, in the summary and per exercise. Body-weight sets carry weight 0 (they count as
/// sets and reps, not as volume).
/// </summary>
public sealed class StrengthSport : SportDefinition
{
    public const int MaxExercises = 100;
    public const int MaxSetsPerExercise = 100;
    public const int MaxReps = 1_000;
    public const double MaxWeightKg = 1_000;
    public const int MaxNameLength = 100;

    public override string Name => "strength";

    protected override bool HasDistance => false;

    protected override bool AcceptsExercises => true;

    public override void Validate(ManualEntry entry, ICollection<SportFieldError> errors)
    {
        base.Validate(entry, errors);
        if (entry.Exercises.Count == 0)
        {
            errors.Add(new SportFieldError("exercises", "a strength session lists at least one exercise"));
            return;
        }
        if (entry.Exercises.Count > MaxExercises)
        {
            errors.Add(new SportFieldError("exercises", $"at most {MaxExercises} exercises"));
            return;
        }
        for (var i = 0; i < entry.Exercises.Count; i++)
        {
            var exercise = entry.Exercises[i];
            if (string.IsNullOrWhiteSpace(exercise.Name) || exercise.Name.Length > MaxNameLength)
            {
                errors.Add(new SportFieldError($"exercises[{i}].name", $"is required, at most {MaxNameLength} characters"));
            }
            if (exercise.Sets.Count is 0 or > MaxSetsPerExercise)
            {
                errors.Add(new SportFieldError($"exercises[{i}].sets", $"must have 1 to {MaxSetsPerExercise} sets"));
                continue;
            }
            for (var j = 0; j < exercise.Sets.Count; j++)
            {
                var set = exercise.Sets[j];
                if (set.Reps is < 1 or > MaxReps)
                {
                    errors.Add(new SportFieldError($"exercises[{i}].sets[{j}].reps", $"must be between 1 and {MaxReps}"));
                }
                if (!double.IsFinite(set.WeightKg) || set.WeightKg < 0 || set.WeightKg > MaxWeightKg)
                {
                    errors.Add(new SportFieldError($"exercises[{i}].sets[{j}].weight_kg", $"must be between 0 and {MaxWeightKg} kg"));
                }
            }
        }
    }

    public override void Summarize(ManualEntry entry, ActivitySummary summary)
    {
        base.Summarize(entry, summary);
        double total = 0;
        foreach (var exercise in entry.Exercises)
        {
            var volume = exercise.Sets.Sum(s => s.Reps * s.WeightKg);
            summary.Exercises.Add(new ExerciseVolume
            {
                Name = exercise.Name.Trim(), Sets = exercise.Sets.Count, Reps = exercise.Sets.Sum(s => s.Reps), VolumeKg = volume,
            });
            total += volume;
        }
        summary.VolumeKg = total;
    }
}
