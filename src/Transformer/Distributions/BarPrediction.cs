using LcPfn.Prior.Prediction;

namespace LcPfn.Transformer.Distributions;

/// <summary>
/// The PFN's predictive distribution at one query: K bucket probabilities plus the shared
/// <see cref="BarDistribution"/> (borders). Managed and immutable; all math is delegated to the distribution.
/// </summary>
public sealed class BarPrediction : IPredictiveDistribution
{
    private readonly double[] _probabilities;

    /// <summary>Wraps the probabilities (taken as they are, not copied).</summary>
    /// <param name="distribution">The borders and the math.</param>
    /// <param name="probabilities">K non-negative probabilities summing to 1.</param>
    public BarPrediction(BarDistribution distribution, double[] probabilities)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Length != distribution.Buckets)
            throw new ArgumentException($"Expected {distribution.Buckets} probabilities; got {probabilities.Length}.", nameof(probabilities));
        Distribution = distribution;
        _probabilities = probabilities;
    }

    /// <summary>The bucket borders and the math.</summary>
    public BarDistribution Distribution { get; }

    /// <summary>The K bucket probabilities.</summary>
    public ReadOnlySpan<double> Probabilities => _probabilities;

    /// <inheritdoc />
    public double Mean => Distribution.Mean(_probabilities);

    /// <inheritdoc />
    public double Median => Distribution.Median(_probabilities);

    /// <inheritdoc />
    public double Variance => Distribution.Variance(_probabilities);

    /// <inheritdoc />
    public double Quantile(double probability) => Distribution.Quantile(_probabilities, probability);

    /// <inheritdoc />
    public double Cdf(double value) => Distribution.Cdf(_probabilities, value);

    /// <inheritdoc />
    public double LogPdf(double value) => Distribution.LogPdf(_probabilities, value);

    /// <inheritdoc />
    public double ProbabilityAbove(double threshold) => Distribution.ProbabilityAbove(_probabilities, threshold);

    /// <summary>Draws one value (see <see cref="BarDistribution.Sample"/>).</summary>
    public double Sample(Random random) => Distribution.Sample(_probabilities, random);
}
