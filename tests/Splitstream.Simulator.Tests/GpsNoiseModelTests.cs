using Splitstream.Simulator;

namespace Splitstream.Simulator.Tests;

public sealed class GpsNoiseModelTests
{
    [Theory]
    [InlineData(5.0)]
    [InlineData(2.0)]
    [InlineData(15.0)]
    public void Each_axis_has_the_configured_sigma_and_the_drift_jitter_structure(double sigma)
    {
        // 40 independent devices × 5,000 fixes: ~3,000 drift decorrelation times, so the estimate is within a few %.
        double sumSq = 0, diffSq = 0, upSq = 0;
        long n = 0, nd = 0;
        for (var device = 0; device < 40; device++)
        {
            var model = new GpsNoiseModel(sigma, SeededRandom.Fork(42, device));
            var (prevE, prevN, _) = model.Next(1);
            for (var i = 0; i < 5000; i++)
            {
                var (e, north, up) = model.Next(1);
                sumSq += e * e + north * north;
                upSq += up * up;
                n += 2;
                diffSq += (e - prevE) * (e - prevE) + (north - prevN) * (north - prevN);
                nd += 2;
                (prevE, prevN) = (e, north);
            }
        }
        var measuredSigma = Math.Sqrt(sumSq / n);
        Assert.InRange(measuredSigma, 0.95 * sigma, 1.05 * sigma);
        Assert.InRange(Math.Sqrt(upSq / (n / 2)), 0.9 * GpsNoiseModel.VerticalFactor * sigma, 1.1 * GpsNoiseModel.VerticalFactor * sigma);

        // Fix-to-fix differences: 2σj² from jitter plus 2σd²(1-ρ) from drift. Pure white noise of σ would give 2σ².
        var rho = Math.Exp(-1 / GpsNoiseModel.DriftTimeConstantS);
        var expected = 2 * sigma * sigma * ((1 - GpsNoiseModel.DriftVarianceShare) + GpsNoiseModel.DriftVarianceShare * (1 - rho));
        Assert.InRange(diffSq / nd, 0.93 * expected, 1.07 * expected);
        Assert.True(diffSq / nd < 0.5 * sigma * sigma, "most of the error is correlated drift, not jitter");
    }

    [Fact]
    public void Zero_sigma_is_noise_free()
    {
        var model = new GpsNoiseModel(0, new SeededRandom(1));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal((0.0, 0.0, 0.0), model.Next(1));
        }
    }

    [Fact]
    public void A_seed_fixes_the_sequence()
    {
        var a = new GpsNoiseModel(5, new SeededRandom(9));
        var b = new GpsNoiseModel(5, new SeededRandom(9));
        var c = new GpsNoiseModel(5, new SeededRandom(10));
        var first = Enumerable.Range(0, 50).Select(_ => a.Next(1)).ToList();
        Assert.Equal(first, Enumerable.Range(0, 50).Select(_ => b.Next(1)).ToList());
        Assert.NotEqual(first, Enumerable.Range(0, 50).Select(_ => c.Next(1)).ToList());
    }
}
