using LcPfn.Prior.Mcmc;
using Shouldly;

namespace LcPfn.Prior.Tests.Mcmc;

public sealed class EnsembleSamplerTests
{
    // A correlated 2-D Gaussian: mean (1, −2), covariance [[1, 0.8], [0.8, 2]].
    private static readonly double[] TargetMean = [1.0, -2.0];
    private static readonly double[] TargetCovariance = [1.0, 0.8, 0.8, 2.0];

    private static double GaussianLogP(ReadOnlySpan<double> x)
    {
        double det = TargetCovariance[0] * TargetCovariance[3] - TargetCovariance[1] * TargetCovariance[2];
        double i00 = TargetCovariance[3] / det, i11 = TargetCovariance[0] / det, i01 = -TargetCovariance[1] / det;
        double a = x[0] - TargetMean[0], b = x[1] - TargetMean[1];
        return -0.5 * (a * a * i00 + 2 * a * b * i01 + b * b * i11);
    }

    private static double[] Start(int walkers, int dimension)
    {
        // A small deterministic cloud away from the mode: the sampler has to find and fill the target.
        var start = new double[walkers * dimension];
        for (int w = 0; w < walkers; w++)
            for (int d = 0; d < dimension; d++)
                start[w * dimension + d] = 3.0 + 0.01 * Math.Sin(w * 7.1 + d * 1.3);
        return start;
    }

    // Sequential: the target costs nanoseconds, so threads would only add scheduling overhead.
    private static readonly EnsembleSamplerOptions Small = new() { Walkers = 20, Steps = 3_000, BurnIn = 500, MaxDegreeOfParallelism = 1 };

    [Fact]
    public void Sample_CorrelatedGaussian_RecoversMeanAndCovariance()
    {
        var chain = new EnsembleSampler(Small).Sample(GaussianLogP, 2, Start(20, 2), seed: 7, TestContext.Current.CancellationToken);

        var mean = chain.Mean();
        var cov = chain.Covariance();
        mean[0].ShouldBe(TargetMean[0], 0.15);
        mean[1].ShouldBe(TargetMean[1], 0.2);
        cov[0].ShouldBe(TargetCovariance[0], 0.15);
        cov[1].ShouldBe(TargetCovariance[1], 0.15);
        cov[3].ShouldBe(TargetCovariance[3], 0.3);
        chain.AcceptanceFraction.ShouldBeInRange(0.4, 0.9);
        chain.SampleCount.ShouldBe(2_500 * 20);
        foreach (double tau in chain.AutocorrelationTimes) tau.ShouldBeInRange(1.0, 100.0);
    }

    [Fact]
    public void Sample_SameSeed_GivesIdenticalChains()
    {
        var options = Small with { Steps = 200, BurnIn = 50 };
        var a = new EnsembleSampler(options).Sample(GaussianLogP, 2, Start(20, 2), seed: 11, TestContext.Current.CancellationToken);
        var b = new EnsembleSampler(options).Sample(GaussianLogP, 2, Start(20, 2), seed: 11, TestContext.Current.CancellationToken);
        var c = new EnsembleSampler(options).Sample(GaussianLogP, 2, Start(20, 2), seed: 12, TestContext.Current.CancellationToken);

        b.Samples.ShouldBe(a.Samples);
        b.LogProbabilities.ShouldBe(a.LogProbabilities);
        c.Samples.ShouldNotBe(a.Samples);
    }

    [Fact]
    public void Sample_AnyThreadCount_GivesIdenticalChains()
    {
        var options = Small with { Steps = 200, BurnIn = 50 };
        var one = new EnsembleSampler(options with { MaxDegreeOfParallelism = 1 }).Sample(GaussianLogP, 2, Start(20, 2), seed: 3, TestContext.Current.CancellationToken);
        var four = new EnsembleSampler(options with { MaxDegreeOfParallelism = 4 }).Sample(GaussianLogP, 2, Start(20, 2), seed: 3, TestContext.Current.CancellationToken);

        four.Samples.ShouldBe(one.Samples);
        four.AcceptanceFraction.ShouldBe(one.AcceptanceFraction);
    }

    [Fact]
    public void Sample_Thin_KeepsEveryThinthStepAfterBurnIn()
    {
        var full = new EnsembleSampler(Small with { Steps = 100, BurnIn = 10 }).Sample(GaussianLogP, 2, Start(20, 2), seed: 5, TestContext.Current.CancellationToken);
        var thinned = new EnsembleSampler(Small with { Steps = 100, BurnIn = 10, Thin = 4 }).Sample(GaussianLogP, 2, Start(20, 2), seed: 5, TestContext.Current.CancellationToken);

        thinned.KeptSteps.ShouldBe(23); // steps 10, 14, ..., 98
        thinned.GetSample(20 * 3 + 5).ToArray().ShouldBe(full.GetSample(20 * 12 + 5).ToArray());
    }

    [Fact]
    public void Sample_TooFewWalkersForDimension_Throws()
    {
        var sampler = new EnsembleSampler(Small with { Walkers = 5 });
        var ex = Should.Throw<ArgumentException>(() => sampler.Sample(GaussianLogP, 3, new double[15], 1, TestContext.Current.CancellationToken));
        ex.Message.ShouldContain("needs at least 6");
    }

    [Fact]
    public void Sample_StartOutsideSupport_Throws()
    {
        var sampler = new EnsembleSampler(Small with { Steps = 10, BurnIn = 0 });
        var ex = Should.Throw<ArgumentException>(() => sampler.Sample(x => x[0] > 100 ? 0 : double.NegativeInfinity, 2, Start(20, 2), 1, TestContext.Current.CancellationToken));
        ex.Message.ShouldContain("Walker 0 starts where log p is -Infinity");
    }
}
