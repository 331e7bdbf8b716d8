using System.Globalization;
using LcPfn.Prior;
using LcPfn.Prior.Data;

namespace LcPfn.EarlyStop.Evaluation;

/// <summary>
/// The metric of the curves an evaluation reads, as <c>replay</c>, <c>serve</c> and <c>extrapolate</c> take it: its
/// direction and bounds. Curves are scored in the model's units, y = (v − L)/(U − L), or (U − v)/(U − L) when
/// minimising (a loss), so a loss curve and the accuracy-like curve it maps to get the same scores.
/// </summary>
/// <param name="Minimize">Smaller is better (a loss, an error rate).</param>
/// <param name="Lower">The lower bound L, in the units of the values after <c>--scale</c>.</param>
/// <param name="Upper">The upper bound U, in the same units.</param>
public sealed record EvaluationMetric(bool Minimize, double Lower, double Upper)
{
    /// <summary>An increasing metric in [0, 1]: the values are the model's units already.</summary>
    public static EvaluationMetric Default { get; } = new(false, 0, 1);

    /// <summary>True when the map is the identity.</summary>
    public bool IsIdentity => !Minimize && Lower == 0 && Upper == 1;

    /// <summary>
    /// The metric of a file read with <paramref name="scale"/>, its bounds given in file units (null: 0 and 1/scale).
    /// </summary>
    /// <exception cref="InvalidInputException">A bound is not finite, or lower ≥ upper.</exception>
    public static EvaluationMetric FromFileUnits(bool minimize, double? lower, double? upper, double scale)
    {
        double l = lower ?? 0;
        double u = upper ?? 1 / scale;
        if (!double.IsFinite(l) || !double.IsFinite(u) || l >= u)
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"--lower/--upper must be finite with lower < upper; were {l} and {u} (file units)."));
        return new EvaluationMetric(minimize, l * scale, upper is null ? 1 : u * scale); // 1/scale·scale is exactly 1
    }

    /// <summary>The curve in the model's units (a copy; the identity returns it as it is).</summary>
    public LearningCurve ToModelUnits(LearningCurve curve)
    {
        if (IsIdentity) return curve;
        double range = Upper - Lower;
        var values = new double[curve.Count];
        for (int i = 0; i < values.Length; i++)
            values[i] = Minimize ? (Upper - curve.Values[i]) / range : (curve.Values[i] - Lower) / range;
        return curve with { Values = values };
    }
}
