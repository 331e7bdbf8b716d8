using LcPfn.Prior.Mcmc;
using MathNet.Numerics.Distributions;
using Shouldly;

namespace LcPfn.Prior.Tests.Mcmc;

public sealed class MixtureOfGaussiansTests
{
    [Fact]
    public void SingleComponent_MatchesTheNormal()
    {
        var mixture = new MixtureOfGaussians([0.3], [0.1]);
        var normal = new Normal(0.3, 0.1);

        mixture.Mean.ShouldBe(0.3, 1e-15);
        mixture.Variance.ShouldBe(0.01, 1e-15);
        mixture.Median.ShouldBe(0.3, 1e-12);
        mixture.Cdf(0.4).ShouldBe(normal.CumulativeDistribution(0.4), 1e-12);
        mixture.LogPdf(0.25).ShouldBe(normal.DensityLn(0.25), 1e-12);
        mixture.Quantile(0.9).ShouldBe(normal.InverseCumulativeDistribution(0.9), 1e-9);
        mixture.ProbabilityAbove(0.5).ShouldBe(1 - normal.CumulativeDistribution(0.5), 1e-12);
    }

    [Fact]
    public void TwoSymmetricComponents_HandComputedValues()
    {
        // ½ N(−1, 1) + ½ N(1, 1): mean 0, variance 1 + 1 = 2, cdf(0) = ½, pdf(0) = φ(1).
        var mixture = new MixtureOfGaussians([-1.0, 1.0], [1.0, 1.0]);

        mixture.Mean.ShouldBe(0.0, 1e-15);
        mixture.Variance.ShouldBe(2.0, 1e-12);
        mixture.Cdf(0).ShouldBe(0.5, 1e-15);
        mixture.Median.ShouldBe(0.0, 1e-9);
        mixture.LogPdf(0).ShouldBe(Normal.PDFLn(0, 1, 1), 1e-12);
        mixture.Cdf(1).ShouldBe(0.5 * (Normal.CDF(-1, 1, 1) + 0.5), 1e-12);
    }

    [Fact]
    public void Quantile_InvertsTheCdf_AndIncreases()
    {
        var mixture = new MixtureOfGaussians([0.2, 0.25, 0.7], [0.01, 0.05, 0.02]);
        double previous = double.NegativeInfinity;
        foreach (double p in new[] { 1e-6, 0.01, 0.1, 0.33, 0.5, 0.66, 0.9, 0.99, 1 - 1e-6 })
        {
            double q = mixture.Quantile(p);
            mixture.Cdf(q).ShouldBe(p, 1e-9);
            q.ShouldBeGreaterThan(previous);
            previous = q;
        }
    }

    [Fact]
    public void ProbabilityAbove_FarTail_HasNoCancellation()
    {
        var mixture = new MixtureOfGaussians([0.0, 0.1], [0.01, 0.01]);

        double p = mixture.ProbabilityAbove(0.2);

        p.ShouldBeGreaterThan(0);
        double expected = 0.5 * Normal.CDF(0.1, 0.01, 0.0); // P(N(0.1, 0.01²) > 0.2) by symmetry; N(0, 0.01²) adds ~1e-89
        (p / expected).ShouldBe(1.0, 1e-9);
        (mixture.Cdf(0.05) + mixture.ProbabilityAbove(0.05)).ShouldBe(1.0, 1e-12);
    }

    [Fact]
    public void LogPdf_FarFromEveryComponent_IsFinite()
    {
        var mixture = new MixtureOfGaussians([0.0, 0.1], [0.001, 0.002]);

        double lp = mixture.LogPdf(5.0);

        double.IsFinite(lp).ShouldBeTrue();
        lp.ShouldBe(Normal.PDFLn(0.1, 0.002, 5.0) + Math.Log(0.5), 1e-6);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void Quantile_ProbabilityOutsideOpenUnitInterval_Throws(double p)
    {
        var mixture = new MixtureOfGaussians([0.0], [1.0]);
        Should.Throw<ArgumentOutOfRangeException>(() => mixture.Quantile(p));
    }

    [Fact]
    public void Constructor_InvalidComponents_Throws()
    {
        Should.Throw<ArgumentException>(() => new MixtureOfGaussians([], []));
        Should.Throw<ArgumentException>(() => new MixtureOfGaussians([0.0, 1.0], [1.0]));
        Should.Throw<ArgumentException>(() => new MixtureOfGaussians([0.0], [0.0])).Message.ShouldContain("Standard deviation 0 is 0");
        Should.Throw<ArgumentException>(() => new MixtureOfGaussians([double.NaN], [1.0])).Message.ShouldContain("Mean 0 is NaN");
    }
}
