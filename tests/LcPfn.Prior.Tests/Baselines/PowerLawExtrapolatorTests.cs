using LcPfn.Prior.Baselines;
using LcPfn.Prior.Prediction;
using Shouldly;

namespace LcPfn.Prior.Tests.Baselines;

public sealed class PowerLawExtrapolatorTests
{
    private static double PowerLaw(int x) => 0.9 - 0.6 * Math.Pow(x, -0.7);

    [Fact]
    public void Extrapolate_ExactPowerLaw_RecoversTheFinalValueWithASmallSpread()
    {
        var epochs = Enumerable.Range(1, 20).ToArray();
        var request = new ExtrapolationRequest("p", epochs, epochs.Select(PowerLaw).ToArray(), 100, [50, 100]);
        var extrapolator = new PowerLawExtrapolator();

        var p = extrapolator.Extrapolate([request], TestContext.Current.CancellationToken).Single().Cast<GaussianPredictive>().ToList();

        p[1].Mean.ShouldBe(PowerLaw(100), tolerance: 1e-4);
        p[1].StandardDeviation.ShouldBe(BaselineDefaults.MinStandardDeviation, tolerance: 1e-4);
        extrapolator.FallbackCount.ShouldBe(0);
    }

    [Fact]
    public void Extrapolate_NoisyPowerLaw_SpreadGrowsWithDistance()
    {
        var rng = new Random(3);
        var epochs = Enumerable.Range(1, 20).ToArray();
        var values = epochs.Select(e => PowerLaw(e) + 0.01 * (rng.NextDouble() - 0.5)).ToArray();

        var p = new PowerLawExtrapolator().Extrapolate([new ExtrapolationRequest("p", epochs, values, 100, [21, 100])], TestContext.Current.CancellationToken).Single().Cast<GaussianPredictive>().ToList();

        p[1].StandardDeviation.ShouldBeGreaterThan(p[0].StandardDeviation);
        p[1].Mean.ShouldBe(PowerLaw(100), tolerance: 0.05);
    }

    [Fact]
    public void Extrapolate_TwoPoints_FallsBackToLastValueAndCounts()
    {
        var extrapolator = new PowerLawExtrapolator();
        var request = new ExtrapolationRequest("two", [1, 2], [0.2, 0.3], 10, [10]);

        var p = extrapolator.Extrapolate([request, request], TestContext.Current.CancellationToken);

        p.ShouldAllBe(list => list.Single().Mean == 0.3);
        extrapolator.FallbackCount.ShouldBe(2);
    }
}
