using System.Buffers;
using LcPfn.Prior.Prediction;

namespace LcPfn.Transformer.Distributions;

/// <summary>
/// The PFN's predictive distribution at one query: K bucket probabilities plus the shared
/// <see cref="BarDistribution"/> (borders). Managed and immutable; all math is delegated to the distribution.
/// </summary>
/// <remarks>
/// The probabilities are kept in single precision (4 KB for K = 1000: a replay or a worker holds tens of thousands of
/// these) and widened to double for every computation, so the math is the distribution's double-precision math on
/// probabilities rounded to float (relative error below 6e-8 per bucket).
/// </remarks>
public sealed class BarPrediction : IPredictiveDistribution
{
    /// <summary>Buckets up to this many are widened on the stack (8 KB); more use a pooled array.</summary>
    private const int StackBuckets = 1024;

    private readonly float[] _probabilities;

    /// <summary>Keeps the probabilities (rounded to float).</summary>
    /// <param name="distribution">The borders and the math.</param>
    /// <param name="probabilities">K non-negative probabilities summing to 1.</param>
    public BarPrediction(BarDistribution distribution, ReadOnlySpan<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        if (probabilities.Length != distribution.Buckets)
            throw new ArgumentException($"Expected {distribution.Buckets} probabilities; got {probabilities.Length}.", nameof(probabilities));
        Distribution = distribution;
        _probabilities = new float[probabilities.Length];
        for (int i = 0; i < probabilities.Length; i++) _probabilities[i] = (float)probabilities[i];
    }

    /// <summary>The bucket borders and the math.</summary>
    public BarDistribution Distribution { get; }

    /// <summary>The K bucket probabilities, as stored (single precision).</summary>
    public ReadOnlySpan<float> Probabilities => _probabilities;

    /// <inheritdoc />
    public double Mean => Compute(static (d, p, _) => d.Mean(p), 0);

    /// <inheritdoc />
    public double Median => Compute(static (d, p, _) => d.Median(p), 0);

    /// <inheritdoc />
    public double Variance => Compute(static (d, p, _) => d.Variance(p), 0);

    /// <inheritdoc />
    public double Quantile(double probability) => Compute(static (d, p, q) => d.Quantile(p, q), probability);

    /// <inheritdoc />
    public double Cdf(double value) => Compute(static (d, p, y) => d.Cdf(p, y), value);

    /// <inheritdoc />
    public double LogPdf(double value) => Compute(static (d, p, y) => d.LogPdf(p, y), value);

    /// <inheritdoc />
    public double ProbabilityAbove(double threshold) => Compute(static (d, p, y) => d.ProbabilityAbove(p, y), threshold);

    /// <summary>Draws one value (see <see cref="BarDistribution.Sample"/>).</summary>
    public double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var buffer = ArrayPool<double>.Shared.Rent(_probabilities.Length);
        try
        {
            var p = buffer.AsSpan(0, _probabilities.Length);
            Widen(p);
            return Distribution.Sample(p, random);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    private delegate double Math(BarDistribution distribution, ReadOnlySpan<double> probabilities, double argument);

    /// <summary>Runs <paramref name="math"/> on the probabilities widened to double.</summary>
    private double Compute(Math math, double argument)
    {
        int k = _probabilities.Length;
        if (k <= StackBuckets)
        {
            Span<double> p = stackalloc double[k];
            Widen(p);
            return math(Distribution, p, argument);
        }
        var buffer = ArrayPool<double>.Shared.Rent(k);
        try
        {
            var p = buffer.AsSpan(0, k);
            Widen(p);
            return math(Distribution, p, argument);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    private void Widen(Span<double> destination)
    {
        for (int i = 0; i < _probabilities.Length; i++) destination[i] = _probabilities[i];
    }
}
