using LcPfn.Prior.Mcmc;
using LcPfn.Prior.Sampling;
using Shouldly;

namespace LcPfn.Prior.Tests.Mcmc;

public sealed class AutocorrelationTests
{
    /// <summary>W independent AR(1) series x_t = φ x_{t−1} + ε_t as a (S, W, 1) chain; τ = (1 + φ) / (1 − φ).</summary>
    private static double[] Ar1Chain(double phi, int steps, int walkers, ulong seed)
    {
        var chain = new double[steps * walkers];
        for (int w = 0; w < walkers; w++)
        {
            var rng = PriorRandom.Create(seed, (ulong)w);
            double x = 0;
            for (int s = 0; s < steps; s++)
            {
                x = phi * x + rng.NextNormal();
                chain[s * walkers + w] = x;
            }
        }
        return chain;
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 3.0)]
    [InlineData(0.8, 9.0)]
    public void IntegratedTimes_Ar1Process_MatchesClosedForm(double phi, double expected)
    {
        var tau = Autocorrelation.IntegratedTimes(Ar1Chain(phi, 4_000, 8, 42), 4_000, 8, 1);

        tau[0].ShouldBe(expected, expected * 0.15);
    }

    [Fact]
    public void IntegratedTimes_ConstantCoordinate_IsNaN()
    {
        var chain = new double[100 * 4 * 2];
        for (int i = 0; i < chain.Length; i += 2) chain[i] = Math.Sin(i); // coordinate 0 moves, coordinate 1 never does

        var tau = Autocorrelation.IntegratedTimes(chain, 100, 4, 2);

        double.IsFinite(tau[0]).ShouldBeTrue();
        double.IsNaN(tau[1]).ShouldBeTrue();
    }

    [Fact]
    public void AutocorrelationFunction_AlternatingSeries_IsOneAtZeroAndNegativeAtOne()
    {
        double[] series = [1, -1, 1, -1, 1, -1, 1, -1];
        var rho = new double[series.Length];

        Autocorrelation.AutocorrelationFunction(series, rho).ShouldBeTrue();

        rho[0].ShouldBe(1.0, 1e-12);
        rho[1].ShouldBe(-7.0 / 8.0, 1e-12); // Σ x_t x_{t+1} / Σ x_t² (biased estimator, as emcee)
    }
}
