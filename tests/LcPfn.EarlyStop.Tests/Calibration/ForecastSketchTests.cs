using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Tests.Fakes;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Calibration;

public sealed class ForecastSketchTests
{
    [Fact]
    public void Of_StandardNormal_HoldsItsQuantiles()
    {
        var sketch = ForecastSketch.Of(new NormalDistribution(0, 1));

        sketch.Median.ShouldBe(0, 1e-9);
        sketch.HalfWidth90.ShouldBe(1.6449, 1e-3);
        sketch.Cdf(1.6449).ShouldBe(0.95, 1e-3);
        sketch.Cdf(-0.6745).ShouldBe(0.25, 1e-3);
    }

    [Fact]
    public void Cdf_FarOutside_ClampsToTheOuterLevels()
    {
        var sketch = ForecastSketch.Of(new NormalDistribution(0.5, 0.01));

        sketch.Cdf(0.9).ShouldBe(0.9999);
        sketch.Cdf(0.1).ShouldBe(0.0001);
    }

    [Fact]
    public void Constructor_WrongCount_Throws()
    {
        Should.Throw<ArgumentException>(() => new ForecastSketch([0.1, 0.2]));
    }
}
