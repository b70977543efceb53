using Xunit.Abstractions;
using Splitstream.Geo;
using Splitstream.Simulator;

namespace Splitstream.Simulator.Tests;

/// <summary>
/// The simulator's noise against the processors' fold (DESIGN §4: a noisy track's distance stays close to the true
/// path's): σ = 5 m drift + jitter must be realistic enough that smoothing recovers the true distance, as on real GPS.
/// This is the comparison a pipeline test makes with the report's <c>true_distance_m</c>.
/// </summary>
public sealed class FoldAgreementTests(ITestOutputHelper output)
{
    [Fact]
    public void Folding_the_noisy_fixes_recovers_the_true_distance_within_about_a_percent()
    {
        var options = TestOptions.Create(racers: 6, devices: 6, minutes: 30);
        options.RaceDistanceM = 5000;
        var scenario = ScenarioBuilder.Build(options, TestOptions.Start.ToUnixTimeMilliseconds());

        var errors = new List<double>();
        foreach (var plan in scenario.Activities)
        {
            var fold = new ActivityFold(plan.Spec.Sport);
            foreach (var g in plan.Track.Gps)
            {
                fold.Add(new TrackSample(g.TimeMs, g.Lat!.Value, g.Lon!.Value, g.Ele, g.Acc), null, plan.Track.Pause?.Contains(g.TimeMs) == true);
            }
            var metrics = fold.Snapshot();
            errors.Add(metrics.DistanceM / plan.TrueDistanceM - 1);
            output.WriteLine($"{plan.Spec.ActivityId} {plan.Spec.Sport}: fold {metrics.DistanceM:F1} m, true {plan.TrueDistanceM:F1} m, {errors[^1]:+0.00%;-0.00%}");
            Assert.Equal(plan.TrueMovingTimeS, metrics.MovingTimeS, 0.03 * plan.TrueMovingTimeS);
        }
        // Measured (seed 1, since the smoother detects manoeuvres): −0.09% to +0.77% per activity, +0.35% on average
        // (before: up to +1.59%, with long stops' wander counted as displacement). Three times the measured worst would
        // be 2.3% and 1.05%; the bars stay at the tighter 2% and 1% of DESIGN §4's "about a percent".
        Assert.All(errors, e => Assert.InRange(e, -0.02, 0.02));
        Assert.InRange(errors.Average(), -0.01, 0.01);
    }
}
