using Splitstream.Geo;
using Splitstream.Processors.Metrics;
using Splitstream.Schemas.Sports;
using Splitstream.Schemas.V1;

namespace Splitstream.Workouts.Tests;

/// <summary>The sports registry (DESIGN §10): what it holds, how sports validate and summarise, and how a manual entry survives the state changelog.</summary>
public sealed class SportRegistryTests
{
    [Fact]
    public void The_registry_holds_every_sport_class_and_its_gps_sports_are_exactly_the_folds()
    {
        Assert.Equal(["hike", "ride", "run", "strength", "swim", "walk", "yoga"], SportRegistry.All.Select(s => s.Name));
        Assert.Equal(Enum.GetValues<Sport>().Select(s => s.ToWireName()).Order(StringComparer.Ordinal), SportRegistry.Tracked.Select(s => s.Name));
        Assert.True(SportRegistry.TryGet(" Strength ", out var strength));
        Assert.IsType<StrengthSport>(strength);
        Assert.False(SportRegistry.TryGet("curling", out _));
    }

    [Theory]
    [InlineData("run", 600, 7_200.0, null)]
    [InlineData("run", 600, 7_201.0, "distance_m")]
    [InlineData("ride", 600, 21_000.0, null)]
    [InlineData("walk", 600, 2_401.0, "distance_m")]
    [InlineData("swim", 600, 1_800.0, null)]
    [InlineData("swim", 600, 1_801.0, "distance_m")]
    [InlineData("yoga", 600, 1.0, "distance_m")]
    [InlineData("yoga", 0, null, "duration_s")]
    [InlineData("run", 172_801, null, "duration_s")]
    public void Each_sport_validates_a_manual_entry_by_its_own_rules(string sport, double durationS, double? distanceM, string? field)
    {
        var entry = new ManualEntry { DurationS = durationS };
        if (distanceM is { } d)
        {
            entry.DistanceM = d;
        }
        var errors = new List<SportFieldError>();
        Assert.True(SportRegistry.TryGet(sport, out var registered));

        registered.Validate(entry, errors);

        Assert.Equal(field is null ? [] : [field], errors.Select(e => e.Field));
    }

    [Fact]
    public void A_strength_session_sums_reps_times_weight_into_its_volume()
    {
        var entry = new ManualEntry { DurationS = 3_000 };
        entry.Exercises.Add(new Exercise { Name = "squat", Sets = { new ExerciseSet { Reps = 5, WeightKg = 102.5 }, new ExerciseSet { Reps = 3, WeightKg = 110 } } });
        entry.Exercises.Add(new Exercise { Name = "dip", Sets = { new ExerciseSet { Reps = 10 } } });
        var summary = new ActivitySummary { StartedAtMs = 1_000 };

        new StrengthSport().Summarize(entry, summary);

        Assert.Equal((5 * 102.5) + (3 * 110), summary.VolumeKg);
        Assert.Equal([("squat", 2, 8, 842.5), ("dip", 1, 10, 0.0)], summary.Exercises.Select(e => (e.Name, e.Sets, e.Reps, e.VolumeKg)));
        Assert.Equal((true, 3_000.0, 3_000.0, 0.0, 1_000L, 3_001_000L), (summary.Manual, summary.MovingTimeS, summary.ElapsedTimeS, summary.DistanceM,
            summary.FirstSampleMs, summary.LastSampleMs));
    }

    [Fact]
    public void A_manual_entry_survives_the_state_changelog_and_a_gps_start_reads_as_before()
    {
        var entry = new ManualEntry { DurationS = 1_200, Notes = "legs" };
        entry.Exercises.Add(new Exercise { Name = "deadlift", Sets = { new ExerciseSet { Reps = 5, WeightKg = 140 } } });
        var manual = new ActivityTimeline("m");
        manual.Start(new ActivityInfo("ann", Sport.Walk, 1_000, "", "CA") { SportName = "strength", Manual = entry });
        var recorded = new ActivityTimeline("g");
        recorded.Start(new ActivityInfo("bob", Sport.Ride, 2_000, "race-1", ""));

        foreach (var timeline in new[] { manual, recorded })
        {
            var bytes = ActivityStateSerde.Instance.Serialize(ActivityStateEntry.LiveLifecycle(timeline), "t");
            var restored = ActivityStateSerde.Instance.Deserialize(bytes, "t", 0, 0);

            Assert.Equal(timeline.Info, restored.Info);
        }
        Assert.Equal("strength", manual.Info!.WireSport);
        Assert.Equal("ride", recorded.Info!.WireSport);
    }
}
