namespace LcPfn.Prior.Mcmc;

/// <summary>
/// The kept part of an ensemble run (after burn-in and thinning) with its diagnostics. Samples are stored
/// step-major: <c>Samples[(s * Walkers + w) * Dimension + d]</c> is coordinate d of walker w at kept step s.
/// </summary>
public sealed class EnsembleChain
{
    private readonly Lazy<double[]> _autocorrelationTimes;

    internal EnsembleChain(int walkers, int dimension, int thin, double[] samples, double[] logProbabilities, long accepted, long proposed)
    {
        Walkers = walkers;
        Dimension = dimension;
        Thin = thin;
        Samples = samples;
        LogProbabilities = logProbabilities;
        KeptSteps = walkers == 0 ? 0 : logProbabilities.Length / walkers;
        AcceptanceFraction = proposed == 0 ? 0 : (double)accepted / proposed;
        // Computed on first use: the extrapolator's predictions do not need it.
        _autocorrelationTimes = new Lazy<double[]>(() => Autocorrelation.IntegratedTimes(Samples, KeptSteps, Walkers, Dimension)
            .Select(t => t * Thin).ToArray());
    }

    /// <summary>Number of walkers W.</summary>
    public int Walkers { get; }

    /// <summary>Dimension D of the parameter space.</summary>
    public int Dimension { get; }

    /// <summary>Kept steps per walker S.</summary>
    public int KeptSteps { get; }

    /// <summary>The thinning the chain was kept with (steps between kept steps).</summary>
    public int Thin { get; }

    /// <summary>Number of kept samples, S · W.</summary>
    public int SampleCount => KeptSteps * Walkers;

    /// <summary>The kept samples, (S, W, D) step-major; read-only by convention.</summary>
    public double[] Samples { get; }

    /// <summary>log p of every kept sample, (S, W).</summary>
    public double[] LogProbabilities { get; }

    /// <summary>Accepted proposals / all proposals over every step, burn-in included (emcee's acceptance fraction,
    /// averaged over walkers); 0.2-0.5 is healthy.</summary>
    public double AcceptanceFraction { get; }

    /// <summary>
    /// The integrated autocorrelation time of every coordinate in steps (emcee's <c>get_autocorr_time</c> on the kept
    /// chain, times <see cref="Thin"/>); NaN for a coordinate that never moved. Reliable only when the chain is much
    /// longer (≥ 50×) than the time.
    /// </summary>
    public IReadOnlyList<double> AutocorrelationTimes => _autocorrelationTimes.Value;

    /// <summary>The largest finite autocorrelation time (NaN when none is finite).</summary>
    public double MaxAutocorrelationTime
    {
        get
        {
            double max = double.NaN;
            foreach (double t in AutocorrelationTimes)
                if (double.IsFinite(t) && !(t <= max)) max = t;
            return max;
        }
    }

    /// <summary>Sample <paramref name="index"/> (0 ≤ index &lt; <see cref="SampleCount"/>; step-major) as a span.</summary>
    public ReadOnlySpan<double> GetSample(int index) => Samples.AsSpan(index * Dimension, Dimension);

    /// <summary>The mean of every coordinate over the kept samples.</summary>
    public double[] Mean()
    {
        var mean = new double[Dimension];
        for (int i = 0; i < SampleCount; i++)
        {
            var x = GetSample(i);
            for (int d = 0; d < Dimension; d++) mean[d] += x[d];
        }
        for (int d = 0; d < Dimension; d++) mean[d] /= Math.Max(SampleCount, 1);
        return mean;
    }

    /// <summary>The sample covariance (D, D) row-major over the kept samples.</summary>
    public double[] Covariance()
    {
        int dim = Dimension;
        var mean = Mean();
        var cov = new double[dim * dim];
        for (int i = 0; i < SampleCount; i++)
        {
            var x = GetSample(i);
            for (int a = 0; a < dim; a++)
                for (int b = 0; b < dim; b++)
                    cov[a * dim + b] += (x[a] - mean[a]) * (x[b] - mean[b]);
        }
        for (int k = 0; k < cov.Length; k++) cov[k] /= Math.Max(SampleCount - 1, 1);
        return cov;
    }
}
