using System.Globalization;
using LcPfn.Prior;

namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// How a calibration is fitted from (forecast, actual) pairs (<see cref="CalibrationFitter"/>). Each default is a
/// named constant; <see cref="Validate"/> lists every problem at once.
/// </summary>
public sealed record CalibrationOptions
{
    /// <summary>The default bin edges of the cutoff fraction: 0, 0.075, 0.15, 0.25, 0.35, 0.5, 0.7, 1.</summary>
    public static IReadOnlyList<double> DefaultBinEdges { get; } = [0, 0.075, 0.15, 0.25, 0.35, 0.5, 0.7, 1];

    /// <summary>The default cutoff fractions at which offline pairs are made from past curves: 0.05 … 0.8.</summary>
    public static IReadOnlyList<double> DefaultFitCutoffs { get; } = [0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8];

    /// <summary>The default number of runs a bin needs before it is fitted on its own: 5.</summary>
    public const int DefaultMinRunsPerBin = 5;

    /// <summary>The default prior weight, in runs, of "no shift, no widening": 3.</summary>
    public const double DefaultShrinkRuns = 3;

    /// <summary>The default prior weight, in runs, of the identity PIT map: 10.</summary>
    public const double DefaultIsotonicShrinkRuns = 10;

    /// <summary>The default central-interval coverage the scale is fitted to: 0.9.</summary>
    public const double DefaultCoverage = 0.9;

    /// <summary>The most knots a fitted PIT map keeps: 64.</summary>
    public const int MaxKnots = 64;

    /// <summary>
    /// Edges of the cutoff-fraction bins, increasing from 0 to 1; each bin has its own map. A forecast made at
    /// epoch e of a run with horizon H falls in the bin holding e/H.
    /// </summary>
    /// <value>The default is <see cref="DefaultBinEdges"/>.</value>
    public IReadOnlyList<double> BinEdges { get; init; } = DefaultBinEdges;

    /// <summary>
    /// A bin with pairs from fewer runs than this pools the pairs of its nearest bins until it has that many (or
    /// every pair). In [1, 100 000].
    /// </summary>
    /// <value>The default is 5.</value>
    public int MinRunsPerBin { get; init; } = DefaultMinRunsPerBin;

    /// <summary>
    /// Shrinkage of the location shift and of the log scale towards none: with n runs a fitted value counts
    /// n / (n + ShrinkRuns). 0 disables shrinkage. In [0, 10 000].
    /// </summary>
    /// <value>The default is 3 runs.</value>
    public double ShrinkRuns { get; init; } = DefaultShrinkRuns;

    /// <summary>
    /// Shrinkage of the isotonic PIT map towards the identity: with n runs the map is
    /// n/(n + k)·fitted + k/(n + k)·identity. In [0, 10 000]; 0 keeps the fitted map (made strictly increasing).
    /// </summary>
    /// <value>The default is 10 runs.</value>
    public double IsotonicShrinkRuns { get; init; } = DefaultIsotonicShrinkRuns;

    /// <summary>The central-interval coverage the split-conformal scale aims at, in (0, 1).</summary>
    /// <value>The default is 0.9.</value>
    public double Coverage { get; init; } = DefaultCoverage;

    /// <summary>Whether the quantile recalibration (isotonic PIT map) runs after the location-scale step.</summary>
    /// <value>The default is true.</value>
    public bool Isotonic { get; init; } = true;

    /// <summary>Whether the location-scale step (shift to the residuals' median, split-conformal scale) runs.</summary>
    /// <value>The default is true.</value>
    public bool LocationScale { get; init; } = true;

    /// <summary>
    /// Whether the scale's shrinkage applies only to narrowing (scale below 1): a widening from the conformal quantile is
    /// kept whole, which is the safe side for stopping. False shrinks both ways.
    /// </summary>
    /// <value>The default is true.</value>
    public bool ShrinkNarrowingOnly { get; init; } = true;

    /// <summary>Throws one exception listing every invalid option.</summary>
    /// <exception cref="InvalidInputException">Some option is out of range.</exception>
    public CalibrationOptions Validate()
    {
        var problems = new List<string>();
        if (BinEdges is null || BinEdges.Count < 2 || BinEdges[0] != 0 || BinEdges[^1] != 1
            || BinEdges.Zip(BinEdges.Skip(1)).Any(p => !(p.Second > p.First)))
        {
            problems.Add($"Property {nameof(BinEdges)}: must increase strictly from 0 to 1; was [{string.Join(", ", (BinEdges ?? []).Select(F))}]");
        }
        if (MinRunsPerBin < 1 || MinRunsPerBin > 100_000)
            problems.Add($"Property {nameof(MinRunsPerBin)}: must be in [1, 100000]; was {MinRunsPerBin}");
        if (!(ShrinkRuns >= 0 && ShrinkRuns <= 10_000))
            problems.Add($"Property {nameof(ShrinkRuns)}: must be in [0, 10000]; was {F(ShrinkRuns)}");
        if (!(IsotonicShrinkRuns >= 0 && IsotonicShrinkRuns <= 10_000))
            problems.Add($"Property {nameof(IsotonicShrinkRuns)}: must be in [0, 10000]; was {F(IsotonicShrinkRuns)}");
        if (!(Coverage > 0 && Coverage < 1))
            problems.Add($"Property {nameof(Coverage)}: must be in (0, 1); was {F(Coverage)}");
        if (problems.Count > 0)
            throw new InvalidInputException($"Invalid {nameof(CalibrationOptions)}:{Environment.NewLine}" + string.Join(Environment.NewLine, problems));
        return this;
    }

    private static string F(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}
