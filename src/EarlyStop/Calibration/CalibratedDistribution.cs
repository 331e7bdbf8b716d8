using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// A raw predictive distribution seen through a <see cref="CalibrationBin"/>: cdf G(y) = R(F(A⁻¹(y))) with the
/// location-scale step A(x) = m + δ + s·(x − m) (m the raw median) and the PIT map R. Quantile, cdf, log density,
/// median, mean and variance are all of this one remapped distribution. <c>lead</c> in [0, 1] blends every step
/// towards the identity (δ·lead, s^lead, lead·R + (1 − lead)·id): 1 for the final value, less for earlier epochs.
/// </summary>
public sealed class CalibratedDistribution : IPredictiveDistribution
{
    /// <summary>Quantile levels the mean and variance are integrated over: 200 midpoints of (0, 1).</summary>
    private const int MomentPoints = 200;

    private readonly IPredictiveDistribution raw;
    private readonly CalibrationBin bin;
    private readonly double lead;
    private readonly double rawMedian;
    private readonly double shift;
    private readonly double scale;
    private (double Mean, double Variance)? moments;

    /// <summary>Wraps <paramref name="raw"/>.</summary>
    /// <param name="raw">The forecast to calibrate.</param>
    /// <param name="bin">The fitted map.</param>
    /// <param name="lead">How much of the map applies, in [0, 1] (1 at the horizon).</param>
    public CalibratedDistribution(IPredictiveDistribution raw, CalibrationBin bin, double lead = 1)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(bin);
        this.raw = raw;
        this.bin = bin;
        this.lead = Math.Clamp(double.IsFinite(lead) ? lead : 1, 0, 1);
        rawMedian = raw.Median;
        shift = bin.Shift * this.lead;
        scale = Math.Pow(bin.Scale, this.lead);
    }

    /// <summary>The uncalibrated forecast.</summary>
    public IPredictiveDistribution Raw => raw;

    /// <inheritdoc />
    public double Median => Quantile(0.5);

    /// <inheritdoc />
    public double Mean => Moments().Mean;

    /// <inheritdoc />
    public double Variance => Moments().Variance;

    /// <inheritdoc />
    public double Quantile(double probability)
    {
        double u = bin.Inverse(probability, lead);
        return Forward(raw.Quantile(Math.Clamp(u, 1e-12, 1 - 1e-12)));
    }

    /// <inheritdoc />
    public double Cdf(double value)
    {
        double x = Backward(value);
        double u = raw.Cdf(x);
        if (u > 0.5) return 1 - bin.MapUpperTail(raw.ProbabilityAbove(x), lead);
        return bin.Map(u, lead);
    }

    /// <inheritdoc />
    public double ProbabilityAbove(double threshold)
    {
        double x = Backward(threshold);
        double above = raw.ProbabilityAbove(x);
        return above < 0.5 ? bin.MapUpperTail(above, lead) : 1 - bin.Map(1 - above, lead);
    }

    /// <inheritdoc />
    public double LogPdf(double value)
    {
        double x = Backward(value);
        return Math.Log(bin.Slope(raw.Cdf(x), lead)) + raw.LogPdf(x) - Math.Log(scale);
    }

    private double Forward(double x) => rawMedian + shift + scale * (x - rawMedian);

    private double Backward(double y) => rawMedian + (y - rawMedian - shift) / scale;

    private (double Mean, double Variance) Moments()
    {
        if (moments is { } m) return m;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < MomentPoints; i++)
        {
            double q = Quantile((i + 0.5) / MomentPoints);
            sum += q;
            sumSq += q * q;
        }
        double mean = sum / MomentPoints;
        var result = (mean, Math.Max(sumSq / MomentPoints - mean * mean, 0));
        moments = result;
        return result;
    }
}
