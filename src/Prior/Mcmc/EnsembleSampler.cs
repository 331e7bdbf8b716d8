using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Mcmc;

/// <summary>
/// The affine-invariant ensemble sampler of Goodman and Weare (2010) with the stretch move, as emcee: the walkers
/// are split into two halves; every walker k of one half, in parallel, picks a walker j of the other half, proposes
/// Y = X_j + z (X_k − X_j) with z ~ g(z) ∝ 1/√z on [1/a, a], and accepts with probability
/// min(1, z^(D−1) p(Y) / p(X_k)); then the other half moves against the updated first half.
/// <para>
/// Walker k at step t draws from its own stream <see cref="PriorRandom.Create"/>(seed, t·W + k), so the chain is
/// bit-identical for any <see cref="EnsembleSamplerOptions.MaxDegreeOfParallelism"/>.
/// </para>
/// </summary>
public sealed class EnsembleSampler
{
    private readonly EnsembleSamplerOptions _options;

    /// <summary>Creates a sampler; validates the options.</summary>
    /// <exception cref="InvalidInputException">An option is invalid (the message lists every problem).</exception>
    public EnsembleSampler(EnsembleSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The settings.</summary>
    public EnsembleSamplerOptions Options => _options;

    /// <summary>Runs the ensemble from <paramref name="initialPositions"/> and returns the kept chain.</summary>
    /// <param name="logProbability">log p(θ), thread-safe.</param>
    /// <param name="dimension">D ≥ 1; the walkers must number at least 2·D.</param>
    /// <param name="initialPositions">Start of every walker, walker-major (W, D); each must have a finite log p.</param>
    /// <param name="seed">The seed; with (step, walker) it fixes every random number.</param>
    /// <param name="cancellationToken">Checked once per step.</param>
    /// <exception cref="ArgumentException">Too few walkers for the dimension, a wrong number of initial values, or an
    /// initial position with a log p that is not finite.</exception>
    public EnsembleChain Sample(LogProbabilityFunction logProbability, int dimension, ReadOnlySpan<double> initialPositions, ulong seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logProbability);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        int walkers = _options.Walkers;
        if (walkers < 2 * dimension)
            throw new ArgumentException($"The ensemble has {walkers} walkers; a {dimension}-dimensional target needs at least {2 * dimension} (set Walkers >= 2 x dimension).", nameof(dimension));
        if (initialPositions.Length != walkers * dimension)
            throw new ArgumentException($"initialPositions holds {initialPositions.Length} values; {walkers} walkers x {dimension} dimensions need {walkers * dimension}.", nameof(initialPositions));

        var positions = initialPositions.ToArray();
        var logP = new double[walkers];
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism == 0 ? Environment.ProcessorCount : _options.MaxDegreeOfParallelism,
        };
        For(0, walkers, parallel, k => logP[k] = Sanitise(logProbability(positions.AsSpan(k * dimension, dimension))));
        for (int k = 0; k < walkers; k++)
        {
            if (!double.IsFinite(logP[k]))
                throw new ArgumentException($"Walker {k} starts where log p is {logP[k]}; every initial position must have a finite log probability.", nameof(initialPositions));
        }

        int kept = _options.KeptSteps;
        var samples = new double[(long)kept * walkers * dimension];
        var keptLogP = new double[kept * walkers];
        var accepted = new int[walkers];
        int half = walkers / 2;
        var step = new StepContext(logProbability, positions, logP, accepted, dimension, walkers, _options.StretchScale, seed);
        for (int t = 0; t < _options.Steps; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            step.Step = t;
            // First half moves against the second, then the second against the updated first.
            For(0, half, parallel, k => step.Move(k, half, walkers));
            For(half, walkers, parallel, k => step.Move(k, 0, half));
            int offset = t - _options.BurnIn;
            if (offset >= 0 && offset % _options.Thin == 0)
            {
                int s = offset / _options.Thin;
                positions.AsSpan().CopyTo(samples.AsSpan(s * walkers * dimension, walkers * dimension));
                logP.AsSpan().CopyTo(keptLogP.AsSpan(s * walkers, walkers));
            }
        }
        long acceptedTotal = accepted.Sum(a => (long)a);
        return new EnsembleChain(walkers, dimension, _options.Thin, samples, keptLogP, acceptedTotal, (long)_options.Steps * walkers);
    }

    private static void For(int from, int to, ParallelOptions parallel, Action<int> body)
    {
        if (parallel.MaxDegreeOfParallelism == 1 || to - from < 2)
        {
            for (int k = from; k < to; k++) body(k);
        }
        else
        {
            Parallel.For(from, to, parallel, body);
        }
    }

    private static double Sanitise(double logP) => double.IsNaN(logP) ? double.NegativeInfinity : logP;

    /// <summary>The state one step reads and writes; walker k writes only its own slots.</summary>
    private sealed class StepContext(
        LogProbabilityFunction logProbability, double[] positions, double[] logP, int[] accepted,
        int dimension, int walkers, double scale, ulong seed)
    {
        public int Step;

        /// <summary>Moves walker k against a partner drawn from walkers [from, to).</summary>
        public void Move(int k, int from, int to)
        {
            var rng = PriorRandom.Create(seed, (ulong)Step * (ulong)walkers + (ulong)k);
            int j = rng.NextInt(from, to - 1);
            // z = ((a − 1) u + 1)² / a has density ∝ 1/√z on [1/a, a].
            double u = (scale - 1) * rng.NextDouble() + 1;
            double z = u * u / scale;
            Span<double> proposal = dimension <= 64 ? stackalloc double[dimension] : new double[dimension];
            var xk = positions.AsSpan(k * dimension, dimension);
            var xj = positions.AsSpan(j * dimension, dimension);
            for (int d = 0; d < dimension; d++) proposal[d] = xj[d] + z * (xk[d] - xj[d]);
            double lp = Sanitise(logProbability(proposal));
            double logRatio = (dimension - 1) * Math.Log(z) + lp - logP[k];
            if (Math.Log(rng.NextDoubleNonZero()) < logRatio)
            {
                proposal.CopyTo(xk);
                logP[k] = lp;
                accepted[k]++;
            }
        }
    }
}
