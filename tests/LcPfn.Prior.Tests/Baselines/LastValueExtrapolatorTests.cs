using LcPfn.Prior;
using LcPfn.Prior.Baselines;
using LcPfn.Prior.Prediction;
using Shouldly;

namespace LcPfn.Prior.Tests.Baselines;

public sealed class LastValueExtrapolatorTests
{
    [Fact]
    public void Predict_FlatCurve_UsesLastValueAndTheMinimumSpread()
    {
        var request = new ExtrapolationRequest("a", [1, 2, 3], [0.4, 0.4, 0.4], 10, [4, 10]);

        var p = LastValueExtrapolator.Predict(request).Cast<GaussianPredictive>().ToList();

        p.ShouldAllBe(d => d.Mean == 0.4 && d.StandardDeviation == BaselineDefaults.MinStandardDeviation);
    }

    [Fact]
    public void Predict_SpreadGrowsWithTheSquareRootOfTheDistance()
    {
        // Differences 0.1 and −0.1: s = 0.1 per epoch.
        var request = new ExtrapolationRequest("a", [1, 2, 3], [0.5, 0.6, 0.5], 12, [4, 12]);

        var p = LastValueExtrapolator.Predict(request).Cast<GaussianPredictive>().ToList();

        p[0].Mean.ShouldBe(0.5);
        p[0].StandardDeviation.ShouldBe(0.1, tolerance: 1e-12);
        p[1].StandardDeviation.ShouldBe(0.3, tolerance: 1e-12);
    }

    [Fact]
    public void StepSpread_UsesOnlyTheRecentDifferencesAndDividesGaps()
    {
        // An early jump of 0.5 falls outside the 10 most recent differences.
        var epochs = Enumerable.Range(1, 12).ToList();
        var values = new List<double> { 0.0, 0.5 };
        values.AddRange(Enumerable.Repeat(0.5, 10));
        LastValueExtrapolator.StepSpread(epochs, values).ShouldBe(0);
        LastValueExtrapolator.StepSpread([1, 5], [0.0, 0.2]).ShouldBe(0.1, tolerance: 1e-12);
    }

    [Fact]
    public void Extrapolate_QueryBeyondHorizon_ThrowsNamingRunAndEpoch()
    {
        var request = new ExtrapolationRequest("run-7", [1, 2], [0.1, 0.2], 5, [6]);

        Should.Throw<InvalidInputException>(() => new LastValueExtrapolator().Extrapolate([request])).Message.ShouldBe("run 'run-7', query epoch 6: query epochs must lie in 1..5 (the horizon).");
    }
}
