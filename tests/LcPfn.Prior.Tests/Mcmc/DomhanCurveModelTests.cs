using LcPfn.Prior.Curves;
using LcPfn.Prior.Mcmc;
using LcPfn.Prior.Sampling;
using Shouldly;

namespace LcPfn.Prior.Tests.Mcmc;

public sealed class DomhanCurveModelTests
{
    private static readonly DomhanCurveModel Model = new(CurvePriorOptions.Default);

    // w = (0.5, 0.3, 0.2); pow3 a = 0.2, c = 0.8, α = 0.5; ilog2 a = 0.1, c = 0.7; Janoschek a = 0.9, β = 0.1, κ = 0.2, δ = 1; σ = e^−4.
    private static readonly double[] Natural = [0.5, 0.3, 0.2, 0.2, 0.8, 0.5, 0.1, 0.7, 0.9, 0.1, 0.2, 1.0, -4.0];

    private static double[] Theta() =>
        [0.5, 0.3, 0.2, 0.2, 0.8, Math.Log(0.5), 0.1, 0.7, 0.9, 0.1, Math.Log(0.2), Math.Log(1.0), -4.0];

    [Fact]
    public void Constructor_DefaultPrior_HasThirteenNamedParameters()
    {
        Model.Dimension.ShouldBe(13);
        Model.ParameterNames.ShouldBe(["w_pow3", "w_ilog2", "w_janoschek", "pow3.a", "pow3.c", "pow3.log_alpha", "ilog2.a", "ilog2.c",
            "janoschek.a", "janoschek.beta", "janoschek.log_k", "janoschek.log_delta", "log_sigma"]);
        Model.LogSigmaIndex.ShouldBe(12);
        new DomhanCurveModel(CurvePriorOptions.Default, logScale: false).ParameterNames[5].ShouldBe("pow3.alpha");
        new DomhanCurveModel(CurvePriorOptions.Default with { LogSigmaStd = 0 }).Dimension.ShouldBe(12);
    }

    [Fact]
    public void Evaluate_WeightedSumOfFamilies_MatchesTheFormulas()
    {
        double x = 7;
        double expected = 0.5 * (0.8 - 0.2 * Math.Pow(x, -0.5)) + 0.3 * (0.7 - 0.1 / Math.Log(x + 1))
            + 0.2 * (0.9 - (0.9 - 0.1) * Math.Exp(-0.2 * Math.Pow(x, 1.0)));

        Model.Evaluate(Theta(), x).ShouldBe(expected, 1e-14);
        new DomhanCurveModel(CurvePriorOptions.Default, logScale: false).Evaluate(Natural, x).ShouldBe(expected, 1e-14);
        Model.Sigma(Theta()).ShouldBe(Math.Exp(-4), 1e-15);
    }

    [Fact]
    public void LogPriorDensity_LogScale_IsTheFamilyDensitiesPlusJacobian()
    {
        double natural = Pow3.Peaked.LogPriorDensity(Natural.AsSpan(3, 3)) + ILog2.Peaked.LogPriorDensity(Natural.AsSpan(6, 2))
            + Janoschek.Peaked.LogPriorDensity(Natural.AsSpan(8, 4))
            + 3 * 0.0 // U(0, 1) weights
            + MathNet.Numerics.Distributions.Normal.PDFLn(-4, 1, -4);
        double jacobian = Math.Log(0.5) + Math.Log(0.2) + Math.Log(1.0);

        new DomhanCurveModel(CurvePriorOptions.Default, logScale: false).LogPriorDensity(Natural).ShouldBe(natural, 1e-12);
        Model.LogPriorDensity(Theta()).ShouldBe(natural + jacobian, 1e-12);
    }

    [Fact]
    public void LogPrior_CurveBreakingTheRejectionRule_IsNegativeInfinity()
    {
        var decreasing = Theta();
        decreasing[3] = -0.5; // pow3 a < 0: a decreasing component dominates
        decreasing[4] = 0.0;
        decreasing[0] = 1.0;
        decreasing[7] = 0.0;
        decreasing[8] = 0.0;
        var above = Theta();
        above[4] = 1.2;
        above[7] = 1.0; // f > 1 late on
        var weightOutside = Theta();
        weightOutside[1] = 1.5;

        double.IsFinite(Model.LogPrior(Theta())).ShouldBeTrue();
        Model.LogPrior(decreasing).ShouldBe(double.NegativeInfinity);
        Model.LogPrior(above).ShouldBe(double.NegativeInfinity);
        Model.LogPrior(weightOutside).ShouldBe(double.NegativeInfinity);
    }

    [Fact]
    public void TrySampleAccepted_Draws_ObeyTheRejectionRule()
    {
        var theta = new double[Model.Dimension];
        var grid = new double[Model.Horizon];
        for (ulong i = 0; i < 200; i++)
        {
            var rng = PriorRandom.Create(9, i);
            Model.TrySampleAccepted(ref rng, theta, grid).ShouldBeTrue();
            grid[^1].ShouldBeGreaterThan(grid[0]);
            foreach (double v in grid) v.ShouldBeInRange(0.0, 1.0);
            double.IsFinite(Model.LogPrior(theta)).ShouldBeTrue();
            grid[41].ShouldBe(Model.Evaluate(theta, 42), 1e-15);
        }
    }

    [Fact]
    public void ToNatural_InvertsTheLogScale()
    {
        var natural = new double[13];
        Model.ToNatural(Theta(), natural);
        for (int i = 0; i < 13; i++) natural[i].ShouldBe(Natural[i], 1e-15);
    }
}
