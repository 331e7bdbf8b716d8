using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Tests.Fakes;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Calibration;

public sealed class CalibratedDistributionTests
{
    private static readonly CalibrationBin Bin = new()
    {
        Shift = 0.05, Scale = 2, KnotLevels = [0.2, 0.5, 0.9], KnotFrequencies = [0.1, 0.5, 0.95],
    };

    [Fact]
    public void LocationScaleOnly_IsTheShiftedWiderNormal()
    {
        var bin = new CalibrationBin { Shift = 0.1, Scale = 3 };
        var d = new CalibratedDistribution(new NormalDistribution(0.4, 0.02), bin);
        var expected = new NormalDistribution(0.5, 0.06);

        d.Median.ShouldBe(0.5, 1e-9);
        d.Quantile(0.05).ShouldBe(expected.Quantile(0.05), 1e-9);
        d.Cdf(0.55).ShouldBe(expected.Cdf(0.55), 1e-9);
        d.LogPdf(0.52).ShouldBe(expected.LogPdf(0.52), 1e-9);
        d.Mean.ShouldBe(0.5, 1e-3);
        Math.Sqrt(d.Variance).ShouldBe(0.06, 0.003);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.1)]
    [InlineData(0.35)]
    [InlineData(0.5)]
    [InlineData(0.93)]
    [InlineData(0.999)]
    public void QuantileAndCdf_AreInverses(double p)
    {
        var d = new CalibratedDistribution(new NormalDistribution(0.4, 0.02), Bin);

        d.Cdf(d.Quantile(p)).ShouldBe(p, 1e-9);
        (d.Cdf(d.Quantile(p)) + d.ProbabilityAbove(d.Quantile(p))).ShouldBe(1, 1e-12);
    }

    [Fact]
    public void LogPdf_IsTheDerivativeOfTheCdf()
    {
        var d = new CalibratedDistribution(new NormalDistribution(0.4, 0.02), Bin);
        foreach (double y in new[] { 0.38, 0.42, 0.47, 0.5 })
        {
            double h = 1e-6;
            double numeric = (d.Cdf(y + h) - d.Cdf(y - h)) / (2 * h);
            Math.Exp(d.LogPdf(y)).ShouldBe(numeric, numeric * 1e-4 + 1e-9);
        }
    }

    [Fact]
    public void ProbabilityAbove_FarTail_KeepsPrecisionBeyondOneMinusCdf()
    {
        var d = new CalibratedDistribution(new NormalDistribution(0.4, 0.02), new CalibrationBin { Scale = 1, KnotLevels = [0.5], KnotFrequencies = [0.6] });

        // 1 − R(u) on the last segment is 0.4·(1 − u)/0.5 = 0.8·(1 − u): exact even where 1 − Cdf would round to 0.
        double rawAbove = new NormalDistribution(0.4, 0.02).ProbabilityAbove(0.6);
        d.ProbabilityAbove(0.6).ShouldBe(0.8 * rawAbove, 1e-6 * rawAbove);
        d.ProbabilityAbove(0.6).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void LeadZero_IsTheRawDistribution()
    {
        var raw = new NormalDistribution(0.4, 0.02);
        var d = new CalibratedDistribution(raw, Bin, lead: 0);

        d.Quantile(0.1).ShouldBe(raw.Quantile(0.1), 1e-12);
        d.Cdf(0.43).ShouldBe(raw.Cdf(0.43), 1e-12);
    }
}
