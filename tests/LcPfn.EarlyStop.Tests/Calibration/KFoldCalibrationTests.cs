using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior.Prediction;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Calibration;

public sealed class KFoldCalibrationTests
{
    [Fact]
    public void Fit_EachRunIsCalibratedWithoutItsOwnPairs()
    {
        // Ten runs that end 0.2 above the fake's forecast, one run (its fold alone) that ends 0.2 below it.
        var curves = Enumerable.Range(0, 10).Select(i => Curves.Complete($"up{i}", 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.5)).ToList();
        int lonelyFold = KFoldCalibration.Fold("down", 5);
        curves = curves.Where(c => KFoldCalibration.Fold(c.RunId, 5) != lonelyFold).ToList();
        curves.Add(Curves.Complete("down", 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.3));

        var folds = KFoldCalibration.Fit(new FakeExtrapolator(sd: 0.01), curves, [0.5]);

        // "down" is calibrated only on the "up" runs: shifted up, although it ended below its forecast.
        var down = folds.For(new ExtrapolationRequest("down", [1], [0.5], 10, [10]));
        down.Apply(new NormalDistribution(0.5, 0.01), 0.5).Median.ShouldBeGreaterThan(0.55);
        down.Runs.ShouldBe(curves.Count - 1);
    }

    [Fact]
    public void Fold_IsStableAndInRange()
    {
        KFoldCalibration.Fold("run-17", 5).ShouldBe(KFoldCalibration.Fold("run-17", 5));
        Enumerable.Range(0, 100).Select(i => KFoldCalibration.Fold($"r{i}", 5)).Distinct().Count().ShouldBe(5);
    }
}
