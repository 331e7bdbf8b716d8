using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// A predictive distribution reduced to its quantiles at fixed <see cref="Levels"/> (29 levels from 0.0001 to 0.9999):
/// what a calibration pair keeps of a forecast, small enough to save with a study and exact enough to compute the
/// probability integral transform (PIT) of an observed value. Values are non-decreasing.
/// </summary>
public sealed class ForecastSketch
{
    /// <summary>The quantile levels every sketch holds, increasing, symmetric about 0.5.</summary>
    public static IReadOnlyList<double> Levels { get; } =
    [
        0.0001, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5,
        0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999, 0.9999,
    ];

    private const int MedianIndex = 14;
    private const int Low90Index = 5;
    private const int High90Index = 23;

    private readonly double[] values;

    /// <summary>Creates a sketch from quantile values at <see cref="Levels"/>.</summary>
    /// <exception cref="ArgumentException">Not one finite value per level.</exception>
    public ForecastSketch(IReadOnlyList<double> quantiles)
    {
        ArgumentNullException.ThrowIfNull(quantiles);
        if (quantiles.Count != Levels.Count)
            throw new ArgumentException($"A sketch holds {Levels.Count} quantiles; got {quantiles.Count}.", nameof(quantiles));
        values = new double[quantiles.Count];
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(quantiles[i]))
                throw new ArgumentException($"Quantile {i} of the sketch is not finite ({quantiles[i]}).", nameof(quantiles));
            // Monotone even when the source rounds: a sketch never decreases.
            values[i] = i == 0 ? quantiles[i] : Math.Max(quantiles[i], values[i - 1]);
        }
    }

    /// <summary>The quantile values, one per level.</summary>
    public IReadOnlyList<double> Quantiles => values;

    /// <summary>The median.</summary>
    public double Median => values[MedianIndex];

    /// <summary>Half the width of the central 90 % interval (5–95 %), at least 1e-9.</summary>
    public double HalfWidth90 => Math.Max((values[High90Index] - values[Low90Index]) / 2, 1e-9);

    /// <summary>Sketches <paramref name="distribution"/>.</summary>
    public static ForecastSketch Of(IPredictiveDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        var q = new double[Levels.Count];
        for (int i = 0; i < q.Length; i++)
        {
            double v = distribution.Quantile(Levels[i]);
            q[i] = double.IsFinite(v) ? v : (i == 0 ? distribution.Median : q[i - 1]);
        }
        return new ForecastSketch(q);
    }

    /// <summary>
    /// The PIT of <paramref name="value"/>: the level at which the sketch reaches it, interpolated linearly between
    /// levels and clamped to [<see cref="Levels"/>[0], <see cref="Levels"/>[^1]].
    /// </summary>
    public double Cdf(double value)
    {
        if (value <= values[0]) return Levels[0];
        if (value >= values[^1]) return Levels[^1];
        int hi = 1;
        while (values[hi] < value) hi++;
        int lo = hi - 1;
        // On a flat stretch (equal quantiles) take its middle level.
        int loFlat = lo;
        while (loFlat > 0 && values[loFlat - 1] == values[lo]) loFlat--;
        double span = values[hi] - values[lo];
        if (span <= 0) return (Levels[loFlat] + Levels[hi]) / 2;
        return Levels[lo] + (Levels[hi] - Levels[lo]) * (value - values[lo]) / span;
    }
}
