using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior.Prediction;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Calibration;

public sealed class CalibrationFitterTests
{
    /// <summary>Standard normal draws from a pinned seed (Box-Muller).</summary>
    internal static double[] Normals(int n, int seed)
    {
        var random = new Random(seed);
        var z = new double[n];
        for (int i = 0; i < n; i++)
            z[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return z;
    }

    /// <summary>
    /// Truth: the final value is N(0.5, 0.1²). The forecast is N(0.45, 0.02²): 5 points too low and 5× too confident,
    /// the NB201 failure in miniature.
    /// </summary>
    private static List<CalibrationPair> MiscalibratedGaussianPairs(int n, int seed)
    {
        var sketch = ForecastSketch.Of(new NormalDistribution(0.45, 0.02));
        return Normals(n, seed).Select((z, i) => new CalibrationPair($"run{i}", 0.2, sketch, 0.5 + 0.1 * z)).ToList();
    }

    [Fact]
    public void Fit_MiscalibratedGaussian_CorrectsToTheTrueQuantiles()
    {
        var model = CalibrationFitter.Fit(MiscalibratedGaussianPairs(4000, 11));

        var calibrated = model.Apply(new NormalDistribution(0.45, 0.02), 0.2);

        calibrated.Median.ShouldBe(0.5, 0.01);
        calibrated.Quantile(0.05).ShouldBe(0.5 - 1.6449 * 0.1, 0.012);
        calibrated.Quantile(0.95).ShouldBe(0.5 + 1.6449 * 0.1, 0.012);
        calibrated.Quantile(0.25).ShouldBe(0.5 - 0.6745 * 0.1, 0.012);
        calibrated.Cdf(0.5 + 0.1).ShouldBe(0.8413, 0.02);
    }

    [Fact]
    public void Fit_MiscalibratedGaussian_FreshDrawsAreCoveredAtTheNominalRate()
    {
        var model = CalibrationFitter.Fit(MiscalibratedGaussianPairs(2000, 12));
        var calibrated = model.Apply(new NormalDistribution(0.45, 0.02), 0.2);
        double low = calibrated.Quantile(0.05), high = calibrated.Quantile(0.95);
        var raw = new NormalDistribution(0.45, 0.02);

        var fresh = Normals(5000, 99).Select(z => 0.5 + 0.1 * z).ToList();

        ((double)fresh.Count(y => y >= low && y <= high)).ShouldBeInRange(0.87 * 5000, 0.93 * 5000);
        ((double)fresh.Count(y => y >= raw.Quantile(0.05) && y <= raw.Quantile(0.95))).ShouldBeLessThan(0.3 * 5000);
    }

    [Fact]
    public void Fit_NoPairs_IsTheIdentity()
    {
        var model = CalibrationFitter.Fit([]);
        var raw = new NormalDistribution(0.4, 0.05);

        model.IsIdentity.ShouldBeTrue();
        model.Apply(raw, 0.3).ShouldBeSameAs(raw);
    }

    [Fact]
    public void Fit_OneFinishedRun_NoWildMap()
    {
        // One run whose forecasts (at four cutoffs) all missed by 30 points, 15 half-widths.
        var sketch = ForecastSketch.Of(new NormalDistribution(0.5, 0.0122));
        var pairs = new[] { 0.1, 0.2, 0.4, 0.8 }.Select(f => new CalibrationPair("only", f, sketch, 0.8)).ToList();

        var model = CalibrationFitter.Fit(pairs);
        var calibrated = model.Apply(new NormalDistribution(0.5, 0.0122), 0.4);

        // One run is one run: the median moves by under a third of its miss; the interval widens (the safe side)
        // just enough to hold that miss, and no further.
        model.Runs.ShouldBe(1);
        calibrated.Median.ShouldBeInRange(0.5, 0.5 + 0.3 * 0.3);
        calibrated.Quantile(0.95).ShouldBeInRange(0.75, 0.85);
        calibrated.Quantile(0.05).ShouldBeInRange(0.3, 0.5);
        model.BinFor(0.4)!.Scale.ShouldBeLessThan(15);
    }

    [Fact]
    public void Fit_OneFinishedRunWithTooWideForecasts_NarrowsOnlyALittle()
    {
        // The forecast's 90 % interval is ±0.16 and the run ended at its median: one run may narrow it, but not much.
        var sketch = ForecastSketch.Of(new NormalDistribution(0.5, 0.1));
        var model = CalibrationFitter.Fit([new CalibrationPair("only", 0.4, sketch, 0.501)]);

        model.BinFor(0.4)!.Scale.ShouldBeInRange(0.1, 1.0);
        double width = model.Apply(new NormalDistribution(0.5, 0.1), 0.4).Quantile(0.95) - 0.5;
        width.ShouldBeGreaterThan(0.25 * 1.6449 * 0.1);
    }

    [Fact]
    public void Fit_ManyPairsOfOneRun_CountAsOneRun()
    {
        var sketch = ForecastSketch.Of(new NormalDistribution(0.5, 0.01));
        var many = Enumerable.Range(0, 200).Select(_ => new CalibrationPair("same", 0.2, sketch, 0.7)).ToList();

        var model = CalibrationFitter.Fit(many);

        model.BinFor(0.2)!.Runs.ShouldBe(1);
        model.BinFor(0.2)!.Shift.ShouldBe(0.2 * 1 / (1 + CalibrationOptions.DefaultShrinkRuns), 1e-9);
    }

    [Fact]
    public void Fit_TooWideForecasts_AreNarrowed()
    {
        // Truth N(0.5, 0.01²), forecast N(0.5, 0.1²): the SpikeNAS failure (intervals 10× too wide).
        var sketch = ForecastSketch.Of(new NormalDistribution(0.5, 0.1));
        var pairs = Normals(1000, 5).Select((z, i) => new CalibrationPair($"r{i}", 0.5, sketch, 0.5 + 0.01 * z)).ToList();

        var calibrated = CalibrationFitter.Fit(pairs).Apply(new NormalDistribution(0.5, 0.1), 0.5);

        (calibrated.Quantile(0.95) - calibrated.Quantile(0.05)).ShouldBe(2 * 1.6449 * 0.01, 0.004);
    }

    [Fact]
    public void Fit_BinWithFewRuns_PoolsItsNeighbours()
    {
        var sketch = ForecastSketch.Of(new NormalDistribution(0.5, 0.01));
        var pairs = Enumerable.Range(0, 30).Select(i => new CalibrationPair($"r{i}", 0.8, sketch, 0.6)).ToList();

        var model = CalibrationFitter.Fit(pairs);

        // Only the last bin holds pairs; every other bin pools them (30 runs ≥ MinRunsPerBin).
        model.Bins.Count.ShouldBe(CalibrationOptions.DefaultBinEdges.Count - 1);
        model.Bins.ShouldAllBe(b => b.Runs == 30 && b.Shift > 0.08);
    }

    [Fact]
    public void WeightedQuantile_HandWorked()
    {
        CalibrationFitter.WeightedQuantile([3, 1, 2], [1, 1, 2], 0.5).ShouldBe(2);
        CalibrationFitter.WeightedQuantile([3, 1, 2], [1, 1, 2], 0.9).ShouldBe(3);
    }

    internal static IPredictiveDistribution Standard() => new NormalDistribution(0, 1);
}
