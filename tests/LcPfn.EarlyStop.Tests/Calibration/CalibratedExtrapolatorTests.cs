using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior.Prediction;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Calibration;

public sealed class CalibratedExtrapolatorTests
{
    private static readonly ExtrapolationRequest Request = new("r", [1, 2, 3, 4, 5], [0.1, 0.2, 0.3, 0.35, 0.4], 25, [15, 25]);

    [Fact]
    public void Extrapolate_Identity_ReturnsTheInnerForecasts()
    {
        var inner = new FakeExtrapolator(sd: 0.02);
        var calibrated = new CalibratedExtrapolator(inner, CalibrationModel.Identity);

        var result = calibrated.Extrapolate([Request]);

        result[0][1].Median.ShouldBe(0.4);
        result[0][1].Quantile(0.95).ShouldBe(new NormalDistribution(0.4, 0.02).Quantile(0.95), 1e-12);
        calibrated.Name.ShouldBe("fake");
    }

    [Fact]
    public void Extrapolate_ShiftBin_MovesTheFinalFullyAndEarlierEpochsByTheirLead()
    {
        // Cutoff 5/25 = 0.2 falls in the bin [0.15, 0.25); shift +0.1 at the horizon.
        var model = new CalibrationModel
        {
            Bins = [CalibrationBin.Identity(0, 0.15), new CalibrationBin { Lower = 0.15, Upper = 0.25, Shift = 0.1 }, CalibrationBin.Identity(0.25, 1)],
        };
        var calibrated = new CalibratedExtrapolator(new FakeExtrapolator(sd: 0.02), model);

        var result = calibrated.Extrapolate([Request]);

        result[0][1].Median.ShouldBe(0.5, 1e-9);           // epoch 25: lead 1
        result[0][0].Median.ShouldBe(0.4 + 0.1 * 0.5, 1e-9); // epoch 15: lead (15 − 5)/(25 − 5) = 0.5
    }

    [Fact]
    public void Lead_HandWorked()
    {
        CalibratedExtrapolator.Lead(10, 100, 100).ShouldBe(1);
        CalibratedExtrapolator.Lead(10, 55, 100).ShouldBe(0.5);
        CalibratedExtrapolator.Lead(10, 5, 100).ShouldBe(0);
    }
}
