using LcPfn.Prior.Mcmc;
using LcPfn.Transformer.Inference;
using Shouldly;

namespace LcPfn.Transformer.Tests.Inference;

public sealed class MetricScaleTests
{
    [Fact]
    public void ToModel_Maximize_MapsBoundsToUnitInterval()
    {
        var scale = new MetricScale(0, 100, minimize: false);
        scale.ToModel(25).ShouldBe(0.25);
        scale.FromModel(0.25).ShouldBe(25);
    }

    [Fact]
    public void ToModel_Minimize_FlipsSoThatLowerIsHigher()
    {
        var scale = new MetricScale(0, 2, minimize: true);
        scale.ToModel(0.5).ShouldBe(0.75);
        scale.FromModel(0.75).ShouldBe(0.5);
    }

    [Fact]
    public void ToMetric_Minimize_QuantilesAndTailsSwap()
    {
        // Model-unit N(0.75, 0.05) is a loss of 2 − 2u: median 0.5, sd 0.1.
        var scale = new MetricScale(0, 2, minimize: true);
        var metric = scale.ToMetric(Normal(0.75, 0.05));

        metric.Median.ShouldBe(0.5, 1e-12);
        metric.Quantile(0.05).ShouldBe(0.5 - 0.164485, 1e-5);
        metric.Cdf(0.4).ShouldBe(0.158655, 1e-5);        // P(loss ≤ 0.4) = P(Z ≤ −1)
        metric.ProbabilityAbove(0.4).ShouldBe(0.841345, 1e-5);
        metric.Variance.ShouldBe(0.01, 1e-12);
        metric.Mean.ShouldBe(0.5, 1e-12);
    }

    [Fact]
    public void FromMetric_Minimize_IsTheInverseOfToMetric()
    {
        var scale = new MetricScale(0, 5, minimize: true);
        var model = Normal(0.7, 0.05);

        var back = scale.FromMetric(scale.ToMetric(model));

        back.Quantile(0.1).ShouldBe(model.Quantile(0.1), 1e-12);
        back.Median.ShouldBe(0.7, 1e-12);
        back.Cdf(0.65).ShouldBe(model.Cdf(0.65), 1e-12);
        back.ProbabilityAbove(0.8).ShouldBe(model.ProbabilityAbove(0.8), 1e-12);
        back.LogPdf(0.72).ShouldBe(model.LogPdf(0.72), 1e-9);
        // The metric is a loss in [0, 5]: its 10 % quantile is the model's 90 %, flipped.
        scale.ToMetric(model).Quantile(0.1).ShouldBe(5 - 5 * model.Quantile(0.9), 1e-12);
    }

    [Fact]
    public void ModelLevel_Minimize_SwapsTheLevel()
    {
        new MetricScale(0, 1, minimize: true).ModelLevel(0.1).ShouldBe(0.9);
        new MetricScale(0, 1, minimize: false).ModelLevel(0.1).ShouldBe(0.1);
    }

    /// <summary>N(mean, sd²): a one-component mixture, for cases whose numbers can be worked out by hand.</summary>
    private static MixtureOfGaussians Normal(double mean, double sd) => new([mean], [sd]);
}
