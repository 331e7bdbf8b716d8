using System.Globalization;
using LcPfn.Prior.Prediction;
using MathNet.Numerics;

namespace LcPfn.Prior.Mcmc;

/// <summary>
/// An equal-weight mixture of normals (1/S) Σ_s N(μ_s, σ_s²): the MCMC posterior predictive, one component per
/// posterior sample θ_s with μ_s = f(t; θ_s) and σ_s the sample's noise. Quantiles are found by bisection on the cdf.
/// Immutable and thread-safe.
/// </summary>
public sealed class MixtureOfGaussians : IPredictiveDistribution
{
    private const double HalfLogTwoPi = 0.91893853320467274178;
    private const int BisectionIterations = 200;

    private readonly double[] _means;
    private readonly double[] _deviations;
    private readonly Lazy<double> _median;

    /// <summary>Creates the mixture; copies the arrays.</summary>
    /// <param name="means">Component means μ_s, finite; at least one.</param>
    /// <param name="standardDeviations">Component deviations σ_s, finite and &gt; 0; one per mean.</param>
    /// <exception cref="ArgumentException">No components, lengths differ, or a value is invalid.</exception>
    public MixtureOfGaussians(IReadOnlyList<double> means, IReadOnlyList<double> standardDeviations)
        : this(means?.ToArray()!, standardDeviations?.ToArray()!, validate: true)
    {
    }

    /// <summary>Takes ownership of the arrays (the extrapolator shares one σ array across the queries of a request).</summary>
    internal MixtureOfGaussians(double[] means, double[] standardDeviations, bool validate)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(standardDeviations);
        if (means.Length == 0) throw new ArgumentException("A mixture needs at least one component.", nameof(means));
        if (means.Length != standardDeviations.Length)
            throw new ArgumentException($"{means.Length} means but {standardDeviations.Length} standard deviations.", nameof(standardDeviations));
        if (validate)
        {
            for (int s = 0; s < means.Length; s++)
            {
                if (!double.IsFinite(means[s]))
                    throw new ArgumentException($"Mean {s} is {means[s]}; means must be finite.", nameof(means));
                if (!(double.IsFinite(standardDeviations[s]) && standardDeviations[s] > 0))
                    throw new ArgumentException($"Standard deviation {s} is {standardDeviations[s]}; deviations must be finite and > 0.", nameof(standardDeviations));
            }
        }
        _means = means;
        _deviations = standardDeviations;
        double mean = 0, second = 0;
        for (int s = 0; s < means.Length; s++)
        {
            mean += means[s];
            second += means[s] * means[s] + standardDeviations[s] * standardDeviations[s];
        }
        Mean = mean / means.Length;
        Variance = Math.Max(second / means.Length - Mean * Mean, 0);
        _median = new Lazy<double>(() => Quantile(0.5));
    }

    /// <summary>Number of components S.</summary>
    public int Count => _means.Length;

    /// <summary>The component means (read-only view).</summary>
    public ReadOnlySpan<double> ComponentMeans => _means;

    /// <summary>The component standard deviations (read-only view).</summary>
    public ReadOnlySpan<double> ComponentStandardDeviations => _deviations;

    /// <inheritdoc />
    public double Mean { get; }

    /// <inheritdoc />
    public double Median => _median.Value;

    /// <inheritdoc />
    public double Variance { get; }

    /// <inheritdoc />
    public double Cdf(double value)
    {
        if (double.IsNaN(value)) return double.NaN;
        double sum = 0;
        for (int s = 0; s < _means.Length; s++)
            sum += SpecialFunctions.Erfc((_means[s] - value) / (_deviations[s] * Constants.Sqrt2));
        return Math.Clamp(0.5 * sum / _means.Length, 0, 1);
    }

    /// <inheritdoc />
    public double ProbabilityAbove(double threshold)
    {
        if (double.IsNaN(threshold)) return double.NaN;
        double sum = 0;
        for (int s = 0; s < _means.Length; s++)
            sum += SpecialFunctions.Erfc((threshold - _means[s]) / (_deviations[s] * Constants.Sqrt2));
        return Math.Clamp(0.5 * sum / _means.Length, 0, 1);
    }

    /// <inheritdoc />
    public double LogPdf(double value)
    {
        if (double.IsNaN(value)) return double.NaN;
        // log-sum-exp over components.
        double max = double.NegativeInfinity;
        for (int s = 0; s < _means.Length; s++)
            max = Math.Max(max, ComponentLogPdf(s, value));
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        for (int s = 0; s < _means.Length; s++)
            sum += Math.Exp(ComponentLogPdf(s, value) - max);
        return max + Math.Log(sum / _means.Length);
    }

    /// <inheritdoc />
    public double Quantile(double probability)
    {
        if (!(probability > 0 && probability < 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The probability must lie in (0, 1).");
        // Every component's quantile lies within ±40σ of its mean for any p a double can hold away from 0 and 1.
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (int s = 0; s < _means.Length; s++)
        {
            low = Math.Min(low, _means[s] - 40 * _deviations[s]);
            high = Math.Max(high, _means[s] + 40 * _deviations[s]);
        }
        for (int i = 0; i < BisectionIterations; i++)
        {
            double mid = 0.5 * (low + high);
            if (mid <= low || mid >= high) break; // adjacent doubles
            if (Cdf(mid) < probability) low = mid;
            else high = mid;
        }
        return 0.5 * (low + high);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"MixtureOfGaussians({Count} components, mean = {Mean:G6}, sd = {Math.Sqrt(Variance):G6})");

    private double ComponentLogPdf(int s, double value)
    {
        double z = (value - _means[s]) / _deviations[s];
        return -HalfLogTwoPi - Math.Log(_deviations[s]) - 0.5 * z * z;
    }
}
