using System.Globalization;
using LcPfn.Prior.Prediction;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace LcPfn.Prior.Baselines;

/// <summary>
/// A normal predictive distribution N(<see cref="Mean"/>, <see cref="StandardDeviation"/>²): what the last-value and
/// power-law baselines predict.
/// </summary>
public sealed class GaussianPredictive : IPredictiveDistribution
{
    private const double HalfLogTwoPi = 0.91893853320467274178;

    /// <summary>Creates the distribution.</summary>
    /// <param name="mean">The mean, finite.</param>
    /// <param name="standardDeviation">The standard deviation, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite, or the deviation is not positive.</exception>
    public GaussianPredictive(double mean, double standardDeviation)
    {
        if (!double.IsFinite(mean))
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be finite.");
        if (!double.IsFinite(standardDeviation) || standardDeviation <= 0)
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be finite and > 0.");
        Mean = mean;
        StandardDeviation = standardDeviation;
    }

    /// <inheritdoc />
    public double Mean { get; }

    /// <summary>The standard deviation σ (&gt; 0).</summary>
    public double StandardDeviation { get; }

    /// <inheritdoc />
    public double Median => Mean;

    /// <inheritdoc />
    public double Variance => StandardDeviation * StandardDeviation;

    /// <inheritdoc />
    public double Quantile(double probability)
    {
        if (!(probability > 0 && probability < 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The probability must lie in (0, 1).");
        return Normal.InvCDF(Mean, StandardDeviation, probability);
    }

    /// <inheritdoc />
    public double Cdf(double value) => 0.5 * SpecialFunctions.Erfc((Mean - value) / (StandardDeviation * Constants.Sqrt2));

    /// <inheritdoc />
    public double LogPdf(double value)
    {
        double z = (value - Mean) / StandardDeviation;
        return -HalfLogTwoPi - Math.Log(StandardDeviation) - 0.5 * z * z;
    }

    /// <inheritdoc />
    public double ProbabilityAbove(double threshold) => 0.5 * SpecialFunctions.Erfc((threshold - Mean) / (StandardDeviation * Constants.Sqrt2));

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Normal(μ = {Mean:G6}, σ = {StandardDeviation:G6})");
}
