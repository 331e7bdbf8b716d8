using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Mcmc;

/// <summary>
/// The posterior of Domhan et al. (2015) over the parameters of a <see cref="DomhanCurveModel"/> given observed points
/// (x_i, y_i): log p(θ | y) = log p(θ) + Σ_i log N(y_i; f(x_i; θ), σ²) + const, with the prior's own densities and its
/// rejection rule (negative infinity outside). Points x are on the model grid's scale (x = e·T/H for epoch e of a
/// run with horizon H). Immutable and thread-safe; <see cref="LogProbability"/> is the sampler's target.
/// </summary>
public sealed class DomhanPosterior
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly int[] _gridIndex;

    /// <summary>Creates the posterior of <paramref name="model"/> given the points (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <param name="model">The prior's parameter space.</param>
    /// <param name="x">Observed positions on the model grid's scale, finite and &gt; 0; may be empty (the posterior is the prior).</param>
    /// <param name="y">Observed values, one per position, finite.</param>
    /// <exception cref="ArgumentException">The lists differ in length or hold a value that is not finite (or x ≤ 0).</exception>
    public DomhanPosterior(DomhanCurveModel model, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"{x.Count} positions but {y.Count} values; give one value per position.", nameof(y));
        Model = model;
        _x = x.ToArray();
        _y = y.ToArray();
        _gridIndex = new int[_x.Length];
        for (int i = 0; i < _x.Length; i++)
        {
            if (!(double.IsFinite(_x[i]) && _x[i] > 0))
                throw new ArgumentException($"Position {i} is {_x[i]}; positions must be finite and > 0.", nameof(x));
            if (!double.IsFinite(_y[i]))
                throw new ArgumentException($"Value {i} (x = {_x[i]}) is {_y[i]}; values must be finite.", nameof(y));
            // Points on the integer grid reuse the grid values the rejection rule computes anyway.
            double r = Math.Round(_x[i]);
            _gridIndex[i] = r == _x[i] && r >= 1 && r <= model.Horizon ? (int)r - 1 : -1;
        }
    }

    /// <summary>The model.</summary>
    public DomhanCurveModel Model { get; }

    /// <summary>Number of observed points.</summary>
    public int Count => _x.Length;

    /// <summary>D: the number of parameters.</summary>
    public int Dimension => Model.Dimension;

    /// <summary>log p(θ | y) up to a constant; negative infinity outside the prior's support or its rejection rule.</summary>
    public double LogProbability(ReadOnlySpan<double> theta)
    {
        Span<double> natural = stackalloc double[Math.Min(Dimension, 256)];
        if (Dimension > 256) natural = new double[Dimension];
        Model.ToNatural(theta, natural);
        double lp = Model.LogPriorDensityCore(theta, natural);
        if (double.IsNegativeInfinity(lp)) return lp;
        int t = Model.Horizon;
        Span<double> grid = t <= 1024 ? stackalloc double[t] : new double[t];
        if (!Model.TryEvaluateGridCore(natural, grid)) return double.NegativeInfinity;
        return lp + LogLikelihood(theta, natural, grid);
    }

    /// <summary>Σ_i log N(y_i; f(x_i; θ), σ²) given f on the grid.</summary>
    private double LogLikelihood(ReadOnlySpan<double> theta, ReadOnlySpan<double> natural, ReadOnlySpan<double> grid)
    {
        if (_x.Length == 0) return 0;
        double sigma = Model.Sigma(theta);
        double scale = Model.WeightScale(natural);
        double sse = 0;
        for (int i = 0; i < _x.Length; i++)
        {
            int g = _gridIndex[i];
            double f = g >= 0 ? grid[g] : Model.EvaluateCore(natural, _x[i], scale);
            double r = _y[i] - f;
            sse += r * r;
        }
        double ll = _x.Length * (DomhanCurveModel.NegativeHalfLogTwoPi - Math.Log(sigma)) - 0.5 * sse / (sigma * sigma);
        return double.IsNaN(ll) ? double.NegativeInfinity : ll;
    }

    /// <summary>
    /// Starting positions for <paramref name="walkers"/> walkers, walker-major (W, D): the <paramref name="walkers"/>
    /// best of <paramref name="candidates"/> draws from the prior (rejection rule applied) by log posterior, so the
    /// ensemble starts spread over the prior's plausible region near the data. Candidate i uses the stream
    /// <see cref="PriorRandom.Create"/>(<paramref name="seed"/>, i), so the result does not depend on threads.
    /// </summary>
    /// <param name="walkers">W ≥ 1.</param>
    /// <param name="candidates">Prior draws to choose from; at least <paramref name="walkers"/>.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="maxDegreeOfParallelism">Threads for the draws (0 = all cores).</param>
    /// <exception cref="InvalidOperationException">The prior accepted too few draws (see <see cref="CurvePriorOptions.MaxAttempts"/>).</exception>
    public double[] InitialPositions(int walkers, int candidates, ulong seed, int maxDegreeOfParallelism = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(walkers);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, walkers);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDegreeOfParallelism);
        int dim = Dimension;
        var thetas = new double[candidates * dim];
        var scores = new double[candidates];
        void Draw(int i)
        {
            var rng = PriorRandom.Create(seed, (ulong)i);
            var theta = thetas.AsSpan(i * dim, dim);
            Span<double> grid = Model.Horizon <= 1024 ? stackalloc double[Model.Horizon] : new double[Model.Horizon];
            scores[i] = Model.TrySampleAccepted(ref rng, theta, grid)
                ? LogProbability(theta)
                : double.NegativeInfinity;
        }
        if (maxDegreeOfParallelism == 1)
        {
            for (int i = 0; i < candidates; i++) Draw(i);
        }
        else
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism == 0 ? Environment.ProcessorCount : maxDegreeOfParallelism };
            Parallel.For(0, candidates, parallel, Draw);
        }
        // Stable order: by score descending, then by candidate index.
        var order = Enumerable.Range(0, candidates).Where(i => double.IsFinite(scores[i]))
            .OrderByDescending(i => scores[i]).ThenBy(i => i).Take(walkers).ToArray();
        if (order.Length < walkers)
            throw new InvalidOperationException($"Only {order.Length} of {candidates} prior draws were usable starting points; {walkers} walkers need more (raise the candidates, or check the prior).");
        var positions = new double[walkers * dim];
        for (int w = 0; w < walkers; w++)
            thetas.AsSpan(order[w] * dim, dim).CopyTo(positions.AsSpan(w * dim, dim));
        return positions;
    }
}
