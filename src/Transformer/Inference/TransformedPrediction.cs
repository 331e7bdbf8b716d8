using LcPfn.Prior.Prediction;

namespace LcPfn.Transformer.Inference;

/// <summary>
/// A model-space predictive distribution seen in the metric's units through a <see cref="MetricTransform"/>.
/// Quantiles, cdf and P(Y &gt; y) map exactly (g is monotone; minimising swaps the tails); model mass beyond [0, 1]
/// becomes point mass at the metric's bounds. Mean and variance are integrals over the quantile function
/// (1,000 midpoints), not g⁻¹ of the model-space mean (which the reference returns and which is biased).
/// </summary>
public sealed class TransformedPrediction : IPredictiveDistribution
{
    private const int QuantilePoints = 1000;
    private readonly Lazy<(double Mean, double Variance)> _moments;

    /// <summary>Wraps <paramref name="inner"/> (model space) with <paramref name="transform"/>.</summary>
    public TransformedPrediction(IPredictiveDistribution inner, MetricTransform transform)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(transform);
        Inner = inner;
        Transform = transform;
        _moments = new Lazy<(double, double)>(Moments);
    }

    /// <summary>The model-space distribution.</summary>
    public IPredictiveDistribution Inner { get; }

    /// <summary>The metric map.</summary>
    public MetricTransform Transform { get; }

    /// <inheritdoc />
    public double Mean => _moments.Value.Mean;

    /// <inheritdoc />
    public double Median => Quantile(0.5);

    /// <inheritdoc />
    public double Variance => _moments.Value.Variance;

    /// <inheritdoc />
    public double Quantile(double probability) =>
        Transform.FromModel(Inner.Quantile(Transform.Minimize ? 1 - probability : probability));

    /// <inheritdoc />
    public double Cdf(double value)
    {
        if (double.IsNaN(value)) return double.NaN;
        if (value < Transform.Lower) return 0;
        if (value >= Transform.Upper) return 1;
        double u = Transform.ToModel(value);
        return Transform.Minimize ? Inner.ProbabilityAbove(u) : Inner.Cdf(u);
    }

    /// <inheritdoc />
    public double ProbabilityAbove(double threshold)
    {
        if (double.IsNaN(threshold)) return double.NaN;
        if (threshold < Transform.Lower) return 1;
        if (threshold >= Transform.Upper) return 0;
        double u = Transform.ToModel(threshold);
        return Transform.Minimize ? Inner.Cdf(u) : Inner.ProbabilityAbove(u);
    }

    /// <inheritdoc />
    public double LogPdf(double value)
    {
        if (!Transform.Contains(value)) return double.NegativeInfinity;
        return Inner.LogPdf(Transform.ToModel(value)) + Math.Log(Transform.Derivative(value));
    }

    private (double Mean, double Variance) Moments()
    {
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < QuantilePoints; i++)
        {
            double v = Quantile((i + 0.5) / QuantilePoints);
            sum += v;
            sumSquares += v * v;
        }
        double mean = sum / QuantilePoints;
        return (mean, Math.Max(0, sumSquares / QuantilePoints - mean * mean));
    }
}
