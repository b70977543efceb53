using Splitstream.Geo;
using Splitstream.Simulator;

namespace Splitstream.Simulator.Tests;

public sealed class TrackAndTruthTests
{
    private const double Sigma = 5;

    private static readonly Scenario Scenario = ScenarioBuilder.Build(TestOptions.Create(racers: 6, devices: 4), TestOptions.Start.ToUnixTimeMilliseconds());

    public static TheoryData<int> Activities() => [.. Enumerable.Range(0, 10)];

    [Theory]
    [MemberData(nameof(Activities))]
    public void True_distance_is_the_geodesic_sum_of_the_noise_free_points_outside_pauses(int index)
    {
        var plan = Scenario.Activities[index];
        var truth = plan.Track.Truth;
        var pause = plan.Track.Pause!.Value;

        double expected = 0, pausedMovement = 0;
        for (var i = 1; i < truth.Count; i++)
        {
            var step = Geodesic.Inverse(truth[i - 1].Position.Lat, truth[i - 1].Position.Lon, truth[i].Position.Lat, truth[i].Position.Lon).DistanceM;
            if (pause.Contains(truth[i - 1].TimeMs))
            {
                pausedMovement += step;
            }
            else
            {
                expected += step;
            }
        }
        Assert.Equal(expected, plan.TrueDistanceM, 6);
        Assert.Equal(0, pausedMovement, 9);
        // Chords of 1 s steps against the distance run along the route: equal to within a few cm per km, except that
        // the 1 Hz chord cuts an out-and-back's turnaround cone (at most about two seconds of running).
        var cone = plan.Spec.Route.Shape == RouteShape.OutAndBack ? 2 * 1.5 * plan.Spec.BaseSpeedMps * 1.1 : 0;
        Assert.Equal(truth[^1].AlongM - truth[0].AlongM, plan.TrueDistanceM, plan.TrueDistanceM * 1e-4 + cone);
        Assert.True(plan.TrueDistanceM > 300, "the athlete went somewhere");
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void Gps_is_1_hz_outside_the_pause_and_heart_rate_is_on_its_own_clock(int index)
    {
        var track = Scenario.Activities[index].Track;
        var pause = track.Pause!.Value;
        Assert.Equal(track.Truth.Count(t => t.State != MotionState.Paused), track.Gps.Count);
        Assert.DoesNotContain(track.Gps, s => pause.Contains(s.TimeMs));
        Assert.All(track.Gps.Zip(track.Gps.Skip(1)), p => Assert.InRange(p.Second.TimeMs - p.First.TimeMs, 1, pause.EndMs - pause.StartMs + 1000));
        Assert.All(track.Gps, s => Assert.Equal(Sigma, s.Acc!.Value, 0.21 * Sigma));

        Assert.NotEmpty(track.HeartRate);
        Assert.All(track.HeartRate, s => Assert.InRange(s.TimeMs, track.StartMs, track.EndMs));
        Assert.DoesNotContain(track.HeartRate, s => pause.Contains(s.TimeMs));
        Assert.All(track.HeartRate, s => Assert.InRange(s.Hr!.Value, 40, 220));
        Assert.All(track.HeartRate.Zip(track.HeartRate.Skip(1)), p => Assert.Equal(0, (p.Second.TimeMs - p.First.TimeMs) % 2000));
        var phase = track.HeartRate[0].TimeMs % 1000;
        Assert.All(track.HeartRate, s => Assert.Equal(phase, s.TimeMs % 1000));
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void Fixes_are_the_true_positions_moved_by_noise_of_the_configured_size(int index)
    {
        var track = Scenario.Activities[index].Track;
        var truthByTime = track.Truth.ToDictionary(t => t.TimeMs);
        var errors = track.Gps.Select(s =>
        {
            var t = truthByTime[s.TimeMs].Position;
            return Geodesic.Distance(t.Lat, t.Lon, s.Lat!.Value, s.Lon!.Value);
        }).ToList();
        // σ = 5 m per axis: a radial error beyond 6σ (30 m) has probability e^-18 per fix.
        Assert.All(errors, e => Assert.InRange(e, 0, 6 * Sigma));
        Assert.True(errors.Average() > 0.5, "there is noise");
    }

    [Fact]
    public void Racers_share_the_course_start_together_and_are_ranked_by_finish_time()
    {
        var racers = Scenario.Racers.ToList();
        Assert.Equal(6, racers.Count);
        Assert.Single(racers.Select(r => r.Spec.StartMs).Distinct());
        Assert.Single(racers.Select(r => r.Spec.Route).Distinct());
        Assert.Single(racers.Select(r => r.Spec.RaceId).Distinct());
        Assert.True(racers.Select(r => r.Spec.BaseSpeedMps).Distinct().Count() == 6, "different paces");
        foreach (var racer in racers)
        {
            Assert.True(racer.Track.FinishedCourse);
            // The finish line is crossed between two 1 Hz points, at FinishMs, and run through for RunOutS seconds.
            var before = racer.Track.Truth.Last(p => p.TimeMs <= racer.Track.FinishMs);
            var after = racer.Track.Truth.First(p => p.TimeMs > racer.Track.FinishMs);
            Assert.InRange(1500.0, before.AlongM, after.AlongM);
            var crossedAtM = before.AlongM + (after.AlongM - before.AlongM) * (racer.Track.FinishMs - before.TimeMs) / (after.TimeMs - before.TimeMs);
            Assert.Equal(1500, crossedAtM, 0.01);
            Assert.InRange(racer.Track.EndMs - racer.Track.FinishMs, TrackSimulator.RunOutS * 1000L, (TrackSimulator.RunOutS + 1) * 1000L);
            Assert.True(racer.Track.Truth[^1].AlongM > 1500);
            Assert.Equal(racer.Track.Truth[^1].AlongM, racer.TrueDistanceM, racer.TrueDistanceM * 1e-4);
        }
        var ranking = GroundTruth.RaceRanking(racers);
        Assert.Equal(ranking.Select(r => r.Track.FinishMs).Order(), ranking.Select(r => r.Track.FinishMs));
        Assert.Equal(Scenario.Activities.Count - 6, Scenario.Activities.Count(a => a.Spec.RaceId is null));
    }

    [Fact]
    public void Stops_are_stationary_and_recorded()
    {
        foreach (var plan in Scenario.Activities)
        {
            var stopped = plan.Track.Truth.Where(t => t.State == MotionState.Stopped).ToList();
            Assert.InRange(stopped.Count, 5, 61);
            Assert.Single(stopped.Select(t => t.AlongM).Distinct());
            Assert.Equal(plan.Track.Truth.Count(t => t.State == MotionState.Stopped), plan.Track.Gps.Count(g => stopped.Any(s => s.TimeMs == g.TimeMs)));
        }
    }

    [Fact]
    public void A_seed_fixes_the_scenario_and_another_seed_changes_it()
    {
        var start = TestOptions.Start.ToUnixTimeMilliseconds();
        var again = ScenarioBuilder.Build(TestOptions.Create(racers: 6, devices: 4), start);
        var other = ScenarioBuilder.Build(TestOptions.Create(racers: 6, devices: 4, seed: 2), start);
        Assert.Equal(Bodies(Scenario), Bodies(again));
        Assert.Equal(Scenario.Activities.Select(a => a.Spec.ActivityId), again.Activities.Select(a => a.Spec.ActivityId));
        Assert.NotEqual(Bodies(Scenario), Bodies(other));
        Assert.Empty(Scenario.Activities.Select(a => a.Spec.ActivityId).Intersect(other.Activities.Select(a => a.Spec.ActivityId)));

        static List<string> Bodies(Scenario s) => [.. s.Activities.SelectMany(a => a.Sends).Select(x => x.DueMs + " " + x.Path + " " + x.Body)];
    }
}
