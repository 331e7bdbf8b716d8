using LcPfn.Prior.Baselines;
using LcPfn.Prior.Mcmc;
using LcPfn.Prior.Prediction;
using LcPfn.Prior.Sampling;
using Shouldly;

namespace LcPfn.Prior.Tests.Baselines;

public sealed class McmcExtrapolatorTests
{
    /// <summary>Small settings that keep every test well under a second of CPU.</summary>
    private static readonly McmcOptions Small = McmcOptions.Fast with
    {
        Sampler = EnsembleSamplerOptions.Fast with { Walkers = 32, Steps = 250, BurnIn = 100 },
        CandidatesPerWalker = 30,
        PredictiveSamples = 1_000,
    };

    private static double[] Noise(int n, double sigma, ulong seed)
    {
        var rng = PriorRandom.Create(seed, 0);
        return Enumerable.Range(0, n).Select(_ => sigma * rng.NextNormal()).ToArray();
    }

    private static ExtrapolationRequest Request(string run, IReadOnlyList<double> values, int horizon = 100, int[]? queries = null) =>
        new(run, Enumerable.Range(1, values.Count).ToArray(), values, horizon,
            queries ?? Enumerable.Range(values.Count + 1, horizon - values.Count).ToArray());

    [Fact]
    public void Fit_CurveOfOneKnownFamily_PosteriorConcentratesNearTheTruth()
    {
        // A single pow3 component with normalised weight: a, c and α are identifiable.
        var prior = CurvePriorOptions.Default with { Families = ["pow3"], NormalizeWeights = true };
        var options = Small with { Prior = prior, Sampler = Small.Sampler with { Walkers = 24, Steps = 1_000, BurnIn = 500 } };
        double a = 0.4, c = 0.8, alpha = 0.7, sigma = 0.01;
        var noise = Noise(60, sigma, 1);
        var y = Enumerable.Range(1, 60).Select(x => c - a * Math.Pow(x, -alpha) + noise[x - 1]).ToArray();
        var mcmc = new McmcExtrapolator(options);

        var fit = mcmc.Fit(Request("pow3", y), TestContext.Current.CancellationToken);

        var model = mcmc.Model;
        model.ParameterNames.ShouldBe(["w_pow3", "pow3.a", "pow3.c", "pow3.log_alpha", "log_sigma"]);
        // Posterior medians: robust to the few walkers a short ensemble run leaves behind in the tails.
        var natural = new double[model.Dimension];
        var columns = Enumerable.Range(0, model.Dimension).Select(_ => new double[fit.Chain.SampleCount]).ToArray();
        for (int i = 0; i < fit.Chain.SampleCount; i++)
        {
            model.ToNatural(fit.Chain.GetSample(i), natural);
            for (int d = 0; d < natural.Length; d++) columns[d][i] = natural[d];
        }
        var median = columns.Select(col => col.Order().ElementAt(col.Length / 2)).ToArray();
        median[1].ShouldBe(a, 0.03);
        median[2].ShouldBe(c, 0.02);
        median[3].ShouldBe(alpha, 0.08);
        Math.Exp(median[4]).ShouldBe(sigma, 0.003);
        fit.Predictions[^1].Median.ShouldBe(c - a * Math.Pow(100, -alpha), 0.02);
        fit.Chain.AcceptanceFraction.ShouldBeInRange(0.05, 0.9);
    }

    [Fact]
    public void Extrapolate_FlatCurveWithGaussianNoise_QuantilesMatchTheNoise()
    {
        // y = 0.6 + N(0, 0.02²) for 80 epochs: the predictive at epochs 81..100 is close to N(0.6, 0.02²).
        const double level = 0.6, sigma = 0.02;
        var y = Noise(80, sigma, 2).Select(e => level + e).ToArray();
        // Tolerances allow for the few walkers a short run leaves at larger σ (they widen the tails slightly).
        var mcmc = new McmcExtrapolator(Small with { Sampler = Small.Sampler with { Steps = 600, BurnIn = 300 } });

        var predictive = mcmc.Extrapolate([Request("flat", y, queries: [81, 100])], TestContext.Current.CancellationToken)[0];

        foreach (var p in predictive)
        {
            p.Quantile(0.05).ShouldBe(level - 1.645 * sigma, 0.02);
            p.Median.ShouldBe(level, 0.01);
            p.Quantile(0.95).ShouldBe(level + 1.645 * sigma, 0.02);
            Math.Sqrt(p.Variance).ShouldBe(sigma, 0.01);
        }
    }

    [Fact]
    public void Extrapolate_TwoPoints_GivesAWideFinitePredictive()
    {
        var mcmc = new McmcExtrapolator(Small);

        var p = mcmc.Extrapolate([Request("two", [0.30, 0.32])], TestContext.Current.CancellationToken)[0][^1];

        double width = p.Quantile(0.95) - p.Quantile(0.05);
        width.ShouldBeGreaterThan(0.2);
        double.IsFinite(p.Mean).ShouldBeTrue();
        double.IsFinite(p.LogPdf(0.9)).ShouldBeTrue();
        p.ProbabilityAbove(0.32).ShouldBeGreaterThan(0.5); // the prior insists on f(T) > f(1)
    }

    [Fact]
    public void Extrapolate_ExactlyFlatCurveOrNoPoints_DoesNotCrash()
    {
        var mcmc = new McmcExtrapolator(Small);
        var flat = Enumerable.Repeat(0.7, 30).ToArray();

        var result = mcmc.Extrapolate([Request("flat", flat), new ExtrapolationRequest("none", [], [], 100, [50, 100])], TestContext.Current.CancellationToken);

        var p = result[0][^1];
        p.Median.ShouldBe(0.7, 0.02);
        p.Quantile(0.05).ShouldBeLessThanOrEqualTo(p.Median);
        p.Quantile(0.95).ShouldBeGreaterThanOrEqualTo(p.Median);
        double.IsFinite(p.LogPdf(0.7)).ShouldBeTrue();
        var prior = result[1][1];
        (prior.Quantile(0.95) - prior.Quantile(0.05)).ShouldBeGreaterThan(0.4); // the prior predictive of y_100
    }

    [Fact]
    public void Extrapolate_SameSeed_IdenticalForAnyThreadCountAndBatch()
    {
        var y = Noise(20, 0.01, 3).Select((e, i) => 0.5 + 0.2 * (1 - Math.Exp(-0.1 * (i + 1))) + e).ToArray();
        var request = Request("run-7", y, queries: [30, 60, 100]);
        var other = Request("run-8", y[..10]);

        var one = new McmcExtrapolator(Small with { MaxDegreeOfParallelism = 1 }).Extrapolate([request], TestContext.Current.CancellationToken)[0];
        var batch = new McmcExtrapolator(Small with { MaxDegreeOfParallelism = 3 }).Extrapolate([other, request], TestContext.Current.CancellationToken)[1];
        var alone = new McmcExtrapolator(Small with { MaxDegreeOfParallelism = 2 }).Fit(request, TestContext.Current.CancellationToken);
        var reseeded = new McmcExtrapolator(Small with { Seed = 99 }).Extrapolate([request], TestContext.Current.CancellationToken)[0];

        for (int q = 0; q < 3; q++)
        {
            var m = (MixtureOfGaussians)one[q];
            ((MixtureOfGaussians)batch[q]).ComponentMeans.ToArray().ShouldBe(m.ComponentMeans.ToArray());
            ((MixtureOfGaussians)alone.Predictions[q]).ComponentMeans.ToArray().ShouldBe(m.ComponentMeans.ToArray());
            ((MixtureOfGaussians)alone.Predictions[q]).ComponentStandardDeviations.ToArray().ShouldBe(m.ComponentStandardDeviations.ToArray());
        }
        ((MixtureOfGaussians)reseeded[2]).ComponentMeans.ToArray().ShouldNotBe(((MixtureOfGaussians)one[2]).ComponentMeans.ToArray());
    }

    [Fact]
    public void Extrapolate_OtherHorizon_MapsEpochsOntoTheModelGrid()
    {
        // Horizon 50: epoch e enters as x = 2e; the same curve given on horizon 100 at epochs 2e is the same posterior.
        var y = Noise(10, 0.01, 4).Select((e, i) => 0.4 + 0.02 * i + e).ToArray();
        var mcmc = new McmcExtrapolator(Small);
        var half = new ExtrapolationRequest("h", Enumerable.Range(1, 10).ToArray(), y, 50, [50]);
        var full = new ExtrapolationRequest("h", Enumerable.Range(1, 10).Select(e => 2 * e).ToArray(), y, 100, [100]);

        var a = (MixtureOfGaussians)mcmc.Extrapolate([half], TestContext.Current.CancellationToken)[0][0];
        var b = (MixtureOfGaussians)mcmc.Extrapolate([full], TestContext.Current.CancellationToken)[0][0];

        a.ComponentMeans.ToArray().ShouldBe(b.ComponentMeans.ToArray());
    }

    [Fact]
    public void Extrapolate_MalformedRequest_ThrowsNamingTheRun()
    {
        var mcmc = new McmcExtrapolator(Small);

        Should.Throw<InvalidInputException>(() => mcmc.Extrapolate([new ExtrapolationRequest("r1", [1, 1], [0.1, 0.2], 100, [5])], TestContext.Current.CancellationToken))
            .Message.ShouldBe("run 'r1', epoch 1: epochs must be strictly increasing; it follows epoch 1.");
        Should.Throw<InvalidInputException>(() => mcmc.Extrapolate([new ExtrapolationRequest("r2", [1, 2], [0.1, double.NaN], 100, [5])], TestContext.Current.CancellationToken))
            .Message.ShouldBe("run 'r2', epoch 2: the value is NaN; values must be finite.");
        Should.Throw<InvalidInputException>(() => mcmc.Extrapolate([new ExtrapolationRequest("r3", [1], [0.1], 100, [101])], TestContext.Current.CancellationToken))
            .Message.ShouldBe("run 'r3', query epoch 101: query epochs must lie in 1..100 (the horizon).");
    }

    [Fact]
    public void Name_IsMcmc()
    {
        new McmcExtrapolator(Small).Name.ShouldBe("mcmc");
    }
}
