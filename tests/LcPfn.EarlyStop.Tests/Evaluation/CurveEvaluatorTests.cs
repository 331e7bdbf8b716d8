using LcPfn.EarlyStop.Evaluation;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior.Baselines;
using LcPfn.Prior.Data;
using MathNet.Numerics.Distributions;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Evaluation;

public sealed class CurveEvaluatorTests
{
    private const double Level = 0.5;
    private const double Noise = 0.05;

    /// <summary>Curves whose every value is an independent draw from N(Level, Noise²).</summary>
    private static List<LearningCurve> GaussianCurves(int count, int horizon, int seed)
    {
        var normal = new Normal(Level, Noise, new Random(seed));
        return Enumerable.Range(0, count)
            .Select(i => new LearningCurve(i.ToString(), "s", horizon, Enumerable.Range(1, horizon).ToArray(), normal.Samples().Take(horizon).ToArray()))
            .ToList();
    }

    [Fact]
    public void Evaluate_ExactGaussianPredictiveOfGaussianTruth_HasNominalCoverageAndExpectedLogLikelihood()
    {
        var set = EvaluationSet.Create(GaussianCurves(4000, 20, seed: 4711));
        var oracle = new FakeExtrapolator((_, _) => new GaussianPredictive(Level, Noise));

        var result = new CurveEvaluator(new EvaluationOptions { BatchSize = 300 }).Evaluate(set, oracle, TestContext.Current.CancellationToken);

        result.Curves.ShouldBe(4000);
        result.Requests.ShouldBe(4 * 4000);
        // E[log φ] = −½ln(2π) − ln σ − ½ = 1.576 for σ = 0.05; the per-curve mean over ≥ 4 points varies little.
        double expectedLl = -0.5 * Math.Log(2 * Math.PI) - Math.Log(Noise) - 0.5;
        foreach (var c in result.Cutoffs)
        {
            c.Coverage90.ShouldBe(0.9, tolerance: 0.02);   // ±4 standard errors of a binomial proportion at n = 4000
            c.Coverage50.ShouldBe(0.5, tolerance: 0.032);
            c.LogLikelihood.ShouldBe(expectedLl, tolerance: 0.03);
            c.MeanSquaredError.ShouldBe(Noise * Noise, tolerance: 0.0003);
            c.Fallbacks.ShouldBe(0);
        }
    }

    [Fact]
    public void Evaluate_OneBucketPredictive_GivesTheHandComputedLogLikelihood()
    {
        var options = new EvaluationOptions { Cutoffs = [0.5] };
        var set = EvaluationSet.Create([TestCurves.Complete("a", 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)], options);
        var bucket = new FakeExtrapolator((_, _) => new UniformPredictive(0, 1.25));

        var result = new CurveEvaluator(options).Evaluate(set, bucket, TestContext.Current.CancellationToken);

        var metrics = result.Cutoffs.ShouldHaveSingleItem();
        metrics.LogLikelihood.ShouldBe(-Math.Log(1.25), tolerance: 1e-12);
        metrics.MeanSquaredError.ShouldBe((0.625 - 1.0) * (0.625 - 1.0), tolerance: 1e-12);
        metrics.Coverage90.ShouldBe(1.0);   // [0.0625, 1.1875] holds 1.0
        metrics.Coverage50.ShouldBe(0.0);   // [0.3125, 0.9375] does not
    }

    [Fact]
    public void Evaluate_200EpochCurve_SendsCutoffs20_40_80_160WithHorizon200()
    {
        var curve = new LearningCurve("n", "s", 200, Enumerable.Range(1, 200).ToArray(), Enumerable.Range(1, 200).Select(e => e / 200.0).ToArray());
        var fake = new FakeExtrapolator((_, _) => new GaussianPredictive(0.5, 0.1));

        new CurveEvaluator().Evaluate(EvaluationSet.Create([curve]), fake, TestContext.Current.CancellationToken);

        fake.Requests.Select(r => r.Epochs[^1]).ShouldBe([20, 40, 80, 160]);
        fake.Requests.ShouldAllBe(r => r.Horizon == 200 && r.QueryEpochs.Last() == 200 && r.Epochs.First() == 1);
    }

    [Fact]
    public void Evaluate_ParallelBaseline_SameResultForAnyThreadCount()
    {
        var set = EvaluationSet.Create(GaussianCurves(300, 30, seed: 7));

        var one = new CurveEvaluator(new EvaluationOptions { BatchSize = 7, MaxDegreeOfParallelism = 1 }).Evaluate(set, new PowerLawExtrapolator(), TestContext.Current.CancellationToken);
        var many = new CurveEvaluator(new EvaluationOptions { BatchSize = 7, MaxDegreeOfParallelism = 4 }).Evaluate(set, new PowerLawExtrapolator(), TestContext.Current.CancellationToken);

        many.Cutoffs.ShouldBe(one.Cutoffs);
    }

    [Fact]
    public void Evaluate_PowerLawOnTwoPointContext_CountsFallbacks()
    {
        // Horizon 10: the 0.1 and 0.2 cutoffs observe 1 and 2 points, too few for 3 parameters.
        var set = EvaluationSet.Create([TestCurves.Complete("a", 0.1, 0.3, 0.4, 0.45, 0.5, 0.52, 0.53, 0.54, 0.55, 0.56)]);

        var result = new CurveEvaluator().Evaluate(set, new PowerLawExtrapolator(), TestContext.Current.CancellationToken);

        result.Cutoffs.Select(c => c.Fallbacks).ShouldBe([1L, 1L, 0L, 0L]);
        result.Fallbacks.ShouldBe(2);
        result.Cutoffs.ShouldAllBe(c => double.IsFinite(c.LogLikelihood));
    }

    [Fact]
    public void Evaluate_ReportsProgressUpToTheTotal()
    {
        var set = EvaluationSet.Create(GaussianCurves(10, 10, seed: 1));
        var seen = new List<EvaluationProgress>();
        var progress = new SynchronousProgress(seen.Add);

        new CurveEvaluator(new EvaluationOptions { BatchSize = 3 }, progress).Evaluate(set, new LastValueExtrapolator(), TestContext.Current.CancellationToken);

        seen.Count.ShouldBe(16);
        seen.Max(p => p.Done).ShouldBe(40);
        seen.ShouldAllBe(p => p.Total == 40 && p.Method == "last");
    }

    private sealed class SynchronousProgress(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
    {
        private readonly Lock _gate = new();

        public void Report(EvaluationProgress value)
        {
            lock (_gate) report(value);
        }
    }
}
