using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace LcPfn.Prior.Mcmc;

/// <summary>
/// The integrated autocorrelation time of an ensemble chain, as emcee's <c>autocorr.integrated_time</c>: per
/// coordinate, the normalised autocorrelation function of every walker (by FFT), averaged over walkers; then
/// τ(M) = 1 + 2 Σ_{t=1..M} ρ(t) with the smallest window M ≥ c·τ(M) (Sokal, c = 5).
/// </summary>
public static class Autocorrelation
{
    /// <summary>τ of every coordinate of a (steps, walkers, dimension) step-major chain; NaN where no walker moved.</summary>
    /// <param name="chain">The chain, <c>chain[(s * walkers + w) * dimension + d]</c>.</param>
    /// <param name="steps">Steps S.</param>
    /// <param name="walkers">Walkers W.</param>
    /// <param name="dimension">Dimension D.</param>
    /// <param name="window">The window constant c; &gt; 0.</param>
    public static double[] IntegratedTimes(ReadOnlySpan<double> chain, int steps, int walkers, int dimension, double window = EnsembleSamplerDefaults.AutocorrelationWindow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(walkers);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        if (chain.Length < (long)steps * walkers * dimension)
            throw new ArgumentException($"The chain holds {chain.Length} values; {steps} steps x {walkers} walkers x {dimension} dimensions need more.", nameof(chain));
        var times = new double[dimension];
        if (steps < 2)
        {
            Array.Fill(times, double.NaN);
            return times;
        }
        var acf = new double[steps];
        var series = new double[steps];
        for (int d = 0; d < dimension; d++)
        {
            Array.Clear(acf);
            int used = 0;
            for (int w = 0; w < walkers; w++)
            {
                for (int s = 0; s < steps; s++) series[s] = chain[(s * walkers + w) * dimension + d];
                if (AddFunction(series, acf)) used++;
            }
            if (used == 0)
            {
                times[d] = double.NaN;
                continue;
            }
            for (int s = 0; s < steps; s++) acf[s] /= used;
            times[d] = Window(acf, window);
        }
        return times;
    }

    /// <summary>The normalised autocorrelation function ρ(0..n−1) of one series (ρ(0) = 1); false for a constant series.</summary>
    public static bool AutocorrelationFunction(ReadOnlySpan<double> series, Span<double> rho)
    {
        rho.Clear();
        return AddFunction(series, rho);
    }

    /// <summary>Adds ρ of <paramref name="series"/> to <paramref name="sum"/>; false (nothing added) for a constant series.</summary>
    private static bool AddFunction(ReadOnlySpan<double> series, Span<double> sum)
    {
        int n = series.Length;
        double mean = 0;
        foreach (double v in series) mean += v;
        mean /= n;
        int m = 1;
        while (m < 2 * n) m <<= 1;
        var buffer = new Complex[m];
        for (int i = 0; i < n; i++) buffer[i] = new Complex(series[i] - mean, 0);
        Fourier.Forward(buffer, FourierOptions.Matlab);
        for (int i = 0; i < m; i++) buffer[i] = new Complex(buffer[i].Real * buffer[i].Real + buffer[i].Imaginary * buffer[i].Imaginary, 0);
        Fourier.Inverse(buffer, FourierOptions.Matlab);
        double zero = buffer[0].Real;
        if (!(zero > 0) || !double.IsFinite(zero)) return false;
        for (int i = 0; i < n; i++) sum[i] += buffer[i].Real / zero;
        return true;
    }

    /// <summary>τ = 1 + 2 Σ_{t=1..M} ρ(t) at the first M with M ≥ c·τ(M) (else the last M).</summary>
    private static double Window(ReadOnlySpan<double> rho, double c)
    {
        double tau = 1.0;
        for (int m = 1; m < rho.Length; m++)
        {
            tau += 2 * rho[m];
            if (m >= c * tau) return tau;
        }
        return tau;
    }
}
