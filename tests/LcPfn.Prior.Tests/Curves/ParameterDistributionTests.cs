using LcPfn.Prior.Curves;
using LcPfn.Prior.Sampling;
using Shouldly;

namespace LcPfn.Prior.Tests.Curves;

public sealed class ParameterDistributionTests
{
    public static TheoryData<ParameterDistribution> Distributions => new(
        ParameterDistribution.Uniform(-0.6, 0.6),
        ParameterDistribution.Normal(0.8, 0.1),
        ParameterDistribution.LogNormal(-2, 1),
        ParameterDistribution.LogNormal(0, 0.5),
        ParameterDistribution.LogUniform(-8, 0),
        ParameterDistribution.OneMinusLogUniform(-5, 0));

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Sample_ManyDraws_MeanMatchesAnalyticMean(ParameterDistribution distribution)
    {
        const int n = 50_000;
        var rng = PriorRandom.Create(1, 2);
        var xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = distribution.Sample(ref rng);
        double mean = xs.Average();
        double sd = Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        Math.Abs(mean - distribution.Mean).ShouldBeLessThan(5 * sd / Math.Sqrt(n), distribution.ToString());
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void LogDensity_IntegratedOverQuantileRange_GivesItsProbability(ParameterDistribution distribution)
    {
        // ∫ exp(logpdf) between the 1 % and 99 % quantiles must be 0.98 (checks density, support and quantiles together).
        double lo = distribution.Quantile(0.01), hi = distribution.Quantile(0.99);
        const int steps = 200_000;
        double h = (hi - lo) / steps, integral = 0;
        for (int i = 0; i < steps; i++)
            integral += Math.Exp(distribution.LogDensity(lo + (i + 0.5) * h)) * h;
        integral.ShouldBe(0.98, 1e-4, distribution.ToString());
    }

    [Fact]
    public void Quantile_LogNormalMedian_IsExpMu()
    {
        ParameterDistribution.LogNormal(-2, 1).Quantile(0.5).ShouldBe(Math.Exp(-2), 1e-12);
        ParameterDistribution.OneMinusLogUniform(-5, 0).Quantile(0.0).ShouldBe(0.0, 1e-12);
    }
}
