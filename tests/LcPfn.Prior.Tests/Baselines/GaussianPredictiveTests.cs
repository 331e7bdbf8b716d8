using LcPfn.Prior.Baselines;
using Shouldly;

namespace LcPfn.Prior.Tests.Baselines;

public sealed class GaussianPredictiveTests
{
    [Fact]
    public void Quantiles_StandardNormal_MatchTables()
    {
        var d = new GaussianPredictive(0, 1);

        d.Quantile(0.95).ShouldBe(1.6448536270, tolerance: 1e-8);
        d.Quantile(0.25).ShouldBe(-0.6744897502, tolerance: 1e-8);
        d.Median.ShouldBe(0);
    }

    [Fact]
    public void CdfAndProbabilityAbove_AreComplementaryAndInvertTheQuantile()
    {
        var d = new GaussianPredictive(0.7, 0.05);

        foreach (double p in new[] { 0.01, 0.3, 0.5, 0.9 })
        {
            d.Cdf(d.Quantile(p)).ShouldBe(p, tolerance: 1e-10);
            (d.Cdf(0.72) + d.ProbabilityAbove(0.72)).ShouldBe(1.0, tolerance: 1e-14);
        }
        d.ProbabilityAbove(0.7 + 20 * 0.05).ShouldBeGreaterThan(0);   // far tail without cancellation
    }

    [Fact]
    public void LogPdf_MatchesTheClosedForm()
    {
        var d = new GaussianPredictive(1, 2);

        d.LogPdf(3).ShouldBe(-0.5 * Math.Log(2 * Math.PI) - Math.Log(2) - 0.5, tolerance: 1e-12);
        d.Variance.ShouldBe(4);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Constructor_BadStandardDeviation_Throws(double sigma)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new GaussianPredictive(0, sigma));
    }

    [Fact]
    public void Quantile_ProbabilityOutsideUnitInterval_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new GaussianPredictive(0, 1).Quantile(1.0));
    }
}
