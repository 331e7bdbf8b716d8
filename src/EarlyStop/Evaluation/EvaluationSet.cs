using System.Globalization;
using LcPfn.Prior.Data;

namespace LcPfn.EarlyStop.Evaluation;

/// <summary>
/// The curves an evaluation uses, screened once so that every method is scored on exactly the same curves and
/// cutoffs, plus the curves that were left out and why.
/// </summary>
public sealed class EvaluationSet
{
    /// <summary>Skip reason: the horizon is below 2, so there is nothing to extrapolate.</summary>
    public const string HorizonTooShort = "horizon too short";

    /// <summary>Skip reason: the final epoch is not observed, so final-epoch error and coverage cannot be scored.</summary>
    public const string FinalEpochMissing = "final epoch not observed";

    /// <summary>Skip reason: nothing is observed up to the first cutoff, so there is no context.</summary>
    public const string NoContext = "no observation before the first cutoff";

    /// <summary>
    /// Skip reason: a value outside [0, 1], the PFN's range (for percent data, use --scale 0.01); the catalog's
    /// <see cref="RejectionReasons.ValueOutOfBounds"/>, as <c>extrapolate</c> writes it.
    /// </summary>
    public const string OutsideUnitInterval = RejectionReasons.ValueOutOfBounds;

    private EvaluationSet(IReadOnlyList<LearningCurve> curves, IReadOnlyList<SkippedCurve> skipped, IReadOnlyList<double> cutoffs)
    {
        Curves = curves;
        Skipped = skipped;
        Cutoffs = cutoffs;
    }

    /// <summary>The curves to evaluate, in input order.</summary>
    public IReadOnlyList<LearningCurve> Curves { get; }

    /// <summary>Curves left out (reader rejections first), each with a reason.</summary>
    public IReadOnlyList<SkippedCurve> Skipped { get; }

    /// <summary>The cutoff fractions.</summary>
    public IReadOnlyList<double> Cutoffs { get; }

    /// <summary>How many curves were skipped for each reason phrase, in first-seen order.</summary>
    public IReadOnlyDictionary<string, int> SkippedByReason =>
        Skipped.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// Screens <paramref name="curves"/>: a curve is kept when its horizon is at least 2, its final epoch is observed,
    /// something is observed at or before the first cutoff epoch, all values are finite, and (when
    /// <see cref="EvaluationOptions.RequireUnitInterval"/>) all its values lie in [0, 1].
    /// <paramref name="rejected"/> (a reader's rejections) are carried into <see cref="Skipped"/>.
    /// </summary>
    public static EvaluationSet Create(IReadOnlyList<LearningCurve> curves, EvaluationOptions? options = null, IEnumerable<RejectedCurve>? rejected = null)
    {
        ArgumentNullException.ThrowIfNull(curves);
        options ??= new EvaluationOptions();
        options.Validate();
        var skipped = new List<SkippedCurve>();
        if (rejected is not null)
            skipped.AddRange(rejected.Select(r => new SkippedCurve(r.File, r.RunId, FormatRejection(r))));
        var kept = new List<LearningCurve>(curves.Count);
        int clipped = 0;
        foreach (var curve in curves)
        {
            string? reason = Check(curve, options);
            if (reason is null) kept.Add(options.RequireUnitInterval ? ClipToUnitInterval(curve, ref clipped) : curve);
            else skipped.Add(new SkippedCurve(null, curve.RunId, reason));
        }
        return new EvaluationSet(kept, skipped, options.Cutoffs.ToArray()) { ValuesClipped = clipped };
    }

    /// <summary>Values of kept curves that lay just outside [0, 1] and were clipped to it (<see cref="MetricBounds"/>).</summary>
    public int ValuesClipped { get; private init; }

    // The curve with values just outside [0, 1] clipped (a copy; the caller's curve is left as it is).
    private static LearningCurve ClipToUnitInterval(LearningCurve curve, ref int clipped)
    {
        double[]? values = null;
        for (int i = 0; i < curve.Count; i++)
        {
            if (MetricBounds.Clip(curve.Values[i], 0, 1, out bool wasClipped) is { } v && wasClipped)
            {
                values ??= (double[])curve.Values.Clone();
                values[i] = v;
                clipped++;
            }
        }
        return values is null ? curve : curve with { Values = values };
    }

    private static string? Check(LearningCurve curve, EvaluationOptions options)
    {
        if (curve.Horizon < 2 || curve.Count < 2)
            return $"{HorizonTooShort}: horizon {curve.Horizon}, {curve.Count} points";
        if (curve.Epochs[^1] != curve.Horizon)
            return $"{FinalEpochMissing}: last observed epoch {curve.Epochs[^1]} < horizon {curve.Horizon}";
        int first = CutoffPlan.CutoffEpoch(curve.Horizon, options.Cutoffs[0]);
        if (curve.Epochs[0] > first)
            return $"{NoContext}: first observed epoch {curve.Epochs[0]} > cutoff epoch {first}";
        for (int i = 0; i < curve.Count; i++)
        {
            double v = curve.Values[i];
            if (double.IsNaN(v))
                return string.Create(CultureInfo.InvariantCulture, $"{RejectionReasons.NanValue}: the value at epoch {curve.Epochs[i]} is NaN");
            if (double.IsInfinity(v))
                return string.Create(CultureInfo.InvariantCulture, $"{RejectionReasons.InfiniteValue}: the value at epoch {curve.Epochs[i]} is {v}");
        }
        if (options.RequireUnitInterval)
        {
            for (int i = 0; i < curve.Count; i++)
            {
                double v = curve.Values[i];
                if (MetricBounds.Clip(v, 0, 1, out _) is null)
                    return string.Create(CultureInfo.InvariantCulture, $"{OutsideUnitInterval}: the value {v} at epoch {curve.Epochs[i]} is outside [0, 1]{(v is > 1.5 and <= 100 ? " (percent data needs --scale 0.01)" : "")}");
            }
        }
        return null;
    }

    private static string FormatRejection(RejectedCurve r)
    {
        var where = new List<string>();
        if (r.Row is { } row) where.Add($"row {row}");
        if (r.Epoch is { } epoch) where.Add($"epoch {epoch}");
        return where.Count == 0 ? r.Reason : $"{r.Reason} ({string.Join(", ", where)})";
    }
}
