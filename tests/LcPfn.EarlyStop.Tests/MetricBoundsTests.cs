using Shouldly;

namespace LcPfn.EarlyStop.Tests;

public sealed class MetricBoundsTests
{
    [Theory]
    [InlineData(0.5, 0.5, false)]
    [InlineData(1.004, 1.0, true)] // the prior's own noisy samples
    [InlineData(1.01, 1.0, true)]
    [InlineData(-0.003, 0.0, true)]
    public void Clip_InsideOrWithinTheTolerance_GivesTheValueOrTheBound(double value, double expected, bool clipped)
    {
        MetricBounds.Clip(value, 0, 1, out var wasClipped).ShouldBe(expected);
        wasClipped.ShouldBe(clipped);
    }

    [Theory]
    [InlineData(1.02)]
    [InlineData(-0.5)]
    [InlineData(37.0)]
    [InlineData(double.NaN)]
    public void Clip_FartherOut_IsNull(double value)
    {
        MetricBounds.Clip(value, 0, 1, out var clipped).ShouldBeNull();
        clipped.ShouldBeFalse();
    }

    [Fact]
    public void Clip_ToleranceScalesWithTheRangeAndVanishesWithAnOpenBound()
    {
        MetricBounds.Clip(100.5, 0, 100, out _).ShouldBe(100);
        MetricBounds.Clip(-0.001, 0, double.PositiveInfinity, out _).ShouldBeNull();
    }
}
