using LcPfn.Prior.Curves;
using LcPfn.Prior.Sampling;
using Shouldly;

namespace LcPfn.Prior.Tests.Curves;

public sealed class CurveFamilyTests
{
    public static TheoryData<string> FamilyNames => new(CurveFamilies.Names);

    [Theory]
    [MemberData(nameof(FamilyNames))]
    public void SampleParameters_ManyDraws_EachParameterFollowsItsPrior(string name)
    {
        // The empirical CDF at each analytic quantile must be close to its level (scale-free, so it works for
        // heavy-tailed log-normals too).
        const int n = 20_000;
        var family = CurveFamilies.Get(name);
        var draws = new double[family.ParameterCount, n];
        var rng = PriorRandom.Create(7, 0);
        Span<double> theta = stackalloc double[family.ParameterCount];
        for (int i = 0; i < n; i++)
        {
            family.SampleParameters(ref rng, theta);
            for (int j = 0; j < theta.Length; j++) draws[j, i] = theta[j];
        }
        for (int j = 0; j < family.ParameterCount; j++)
        {
            var prior = family.Parameters[j].Prior;
            foreach (double p in new[] { 0.05, 0.25, 0.5, 0.75, 0.95 })
            {
                double q = prior.Quantile(p);
                int below = 0;
                for (int i = 0; i < n; i++) if (draws[j, i] <= q) below++;
                ((double)below / n).ShouldBe(p, 0.015, $"{name}.{family.Parameters[j].Name} at level {p}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(FamilyNames))]
    public void LogPriorDensity_SampledParameters_IsSumOfParameterLogDensitiesAndFinite(string name)
    {
        var family = CurveFamilies.Get(name);
        var rng = PriorRandom.Create(11, 3);
        Span<double> theta = stackalloc double[family.ParameterCount];
        for (int i = 0; i < 100; i++)
        {
            family.SampleParameters(ref rng, theta);
            double expected = 0;
            for (int j = 0; j < theta.Length; j++) expected += family.Parameters[j].Prior.LogDensity(theta[j]);
            double actual = family.LogPriorDensity(theta);
            actual.ShouldBe(expected, 1e-12);
            double.IsFinite(actual).ShouldBeTrue();
        }
    }

    [Fact]
    public void LogPriorDensity_ParameterOutsideSupport_IsNegativeInfinity()
    {
        Pow3.Peaked.LogPriorDensity([0.7, 0.5, 1.0]).ShouldBe(double.NegativeInfinity); // a ~ U(-0.6, 0.6)
        Janoschek.Peaked.LogPriorDensity([0.5, 1.0, -0.1, 1.0]).ShouldBe(double.NegativeInfinity); // k > 0
    }

    [Fact]
    public void LogPriorDensity_DefaultFamiliesAtKnownPoint_MatchesClosedForm()
    {
        // pow3 peaked: a ~ U(-0.6, 0.6), c ~ U(0, 1.25), alpha ~ LogN(0, 2) at alpha = 1.
        double expected = -Math.Log(1.2) - Math.Log(1.25) + (-Math.Log(2) - 0.5 * Math.Log(2 * Math.PI));
        Pow3.Peaked.LogPriorDensity([0.1, 0.5, 1.0]).ShouldBe(expected, 1e-12);
    }

    [Theory]
    [MemberData(nameof(FamilyNames))]
    public void Accumulate_RandomParameters_MatchesScalarEvaluateToFloatPrecision(string name)
    {
        var family = (CurveFamily)CurveFamilies.Get(name);
        var grid = CurveGrid.For(100);
        var rng = PriorRandom.Create(5, 9);
        Span<double> theta = stackalloc double[family.ParameterCount];
        var sum = new float[grid.PaddedLength];
        for (int i = 0; i < 200; i++)
        {
            family.SampleParameters(ref rng, theta);
            Array.Clear(sum);
            family.Accumulate(theta, 0.5, grid, 0, sum);
            for (int t = 0; t < grid.Horizon; t++)
            {
                double expected = 0.5 * family.Evaluate(theta, t + 1);
                // The kernels work in single precision (the output is float32).
                if (double.IsFinite(expected) && Math.Abs(expected) < 1e6)
                    ((double)sum[t]).ShouldBe(expected, 1e-5 * Math.Max(1, Math.Abs(expected)), $"{name} at x = {t + 1}");
            }
        }
    }

    [Fact]
    public void Evaluate_SpanOverload_MatchesScalar()
    {
        double[] theta = [0.3, 0.9, 0.7];
        double[] x = [1, 2, 3, 10, 100];
        var values = new double[x.Length];
        Pow3.Peaked.Evaluate(theta, x, values);
        for (int i = 0; i < x.Length; i++) values[i].ShouldBe(Pow3.Peaked.Evaluate(theta, x[i]));
    }
}
