using LcPfn.Prior.Mcmc;
using Shouldly;

namespace LcPfn.Prior.Tests.Mcmc;

public sealed class DomhanPosteriorTests
{
    private static readonly DomhanCurveModel Model = new(CurvePriorOptions.Default);

    private static double[] Theta() =>
        [0.5, 0.3, 0.2, 0.2, 0.8, Math.Log(0.5), 0.1, 0.7, 0.9, 0.1, Math.Log(0.2), 0.0, -3.0];

    [Fact]
    public void LogProbability_IsPriorPlusGaussianLikelihood()
    {
        double[] x = [1, 2, 3, 10];
        double[] y = [0.3, 0.35, 0.41, 0.5];
        var posterior = new DomhanPosterior(Model, x, y);
        var theta = Theta();
        double sigma = Math.Exp(-3);
        double ll = 0;
        for (int i = 0; i < x.Length; i++)
            ll += MathNet.Numerics.Distributions.Normal.PDFLn(Model.Evaluate(theta, x[i]), sigma, y[i]);

        posterior.LogProbability(theta).ShouldBe(Model.LogPrior(theta) + ll, 1e-10);
    }

    [Fact]
    public void LogProbability_OffGridPositions_MatchOnGridEvaluation()
    {
        // x = 2.5 and 7.25 are between grid points: evaluated directly rather than read from the grid.
        var posterior = new DomhanPosterior(Model, [2.5, 7.25], [0.3, 0.4]);
        var theta = Theta();
        double sigma = Math.Exp(-3);
        double ll = MathNet.Numerics.Distributions.Normal.PDFLn(Model.Evaluate(theta, 2.5), sigma, 0.3)
            + MathNet.Numerics.Distributions.Normal.PDFLn(Model.Evaluate(theta, 7.25), sigma, 0.4);

        posterior.LogProbability(theta).ShouldBe(Model.LogPrior(theta) + ll, 1e-10);
    }

    [Fact]
    public void LogProbability_NoPoints_IsThePrior()
    {
        var posterior = new DomhanPosterior(Model, [], []);
        posterior.LogProbability(Theta()).ShouldBe(Model.LogPrior(Theta()), 1e-12);
    }

    [Fact]
    public void InitialPositions_BestPriorDraws_AreDistinctFiniteAndDeterministic()
    {
        var posterior = new DomhanPosterior(Model, [1, 2, 3, 4, 5], [0.2, 0.3, 0.35, 0.38, 0.4]);

        var a = posterior.InitialPositions(30, 300, seed: 4, maxDegreeOfParallelism: 1);
        var b = posterior.InitialPositions(30, 300, seed: 4, maxDegreeOfParallelism: 3);

        b.ShouldBe(a);
        var scores = Enumerable.Range(0, 30).Select(w => posterior.LogProbability(a.AsSpan(w * 13, 13))).ToArray();
        scores.ShouldAllBe(s => double.IsFinite(s));
        scores.ShouldBe(scores.OrderByDescending(s => s).ToArray()); // best first
        Enumerable.Range(0, 30).Select(w => a[w * 13 + 4]).Distinct().Count().ShouldBe(30);
    }

    [Fact]
    public void Constructor_MismatchedOrInvalidPoints_Throws()
    {
        Should.Throw<ArgumentException>(() => new DomhanPosterior(Model, [1, 2], [0.5]));
        Should.Throw<ArgumentException>(() => new DomhanPosterior(Model, [1, 2], [0.5, double.NaN])).Message.ShouldContain("Value 1");
        Should.Throw<ArgumentException>(() => new DomhanPosterior(Model, [0, 2], [0.5, 0.6])).Message.ShouldContain("Position 0");
    }
}
