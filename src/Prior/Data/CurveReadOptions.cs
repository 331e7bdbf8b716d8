using System.Globalization;
using LcPfn.Prior.Schedules;

namespace LcPfn.Prior.Data;

/// <summary>
/// How <see cref="CurveFileReader"/> interprets a curve file. Validate with <see cref="Validate"/> (the readers do it
/// before touching the file).
/// </summary>
public sealed record CurveReadOptions
{
    /// <summary>The default <see cref="Scale"/>: values are taken as they are.</summary>
    public const double DefaultScale = 1.0;

    /// <summary>
    /// Every value is multiplied by this factor after parsing (use 0.01 for accuracies in percent).
    /// Finite and positive. <value>The default is 1.0.</value>
    /// </summary>
    public double Scale { get; init; } = DefaultScale;

    /// <summary>
    /// The horizon (final epoch, 1..<see cref="HorizonLimit.Max"/>) of every run whose file does not state one per run:
    /// wide CSV files (whose horizon is otherwise the last epoch column) and curve tables without a
    /// <c>horizon</c> column (whose horizon is otherwise the largest epoch of the run's study in that file).
    /// A run's own <c>horizon</c> value always wins. <value>The default is null (taken from the data).</value>
    /// </summary>
    public int? Horizon { get; init; }

    /// <summary>
    /// The learning-rate schedule of every run whose file does not give one in a <c>schedule</c> column (a run's own
    /// value always wins). <value>The default is null (unknown).</value>
    /// </summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Throws one <see cref="InvalidInputException"/> listing every invalid property.</summary>
    /// <exception cref="InvalidInputException">Scale is not finite and positive, or Horizon is out of range.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (!double.IsFinite(Scale) || Scale <= 0)
            problems.Add($"Property Scale: must be finite and > 0; was {Scale.ToString(CultureInfo.InvariantCulture)}");
        if (Horizon is { } h && !HorizonLimit.Contains(h))
            problems.Add($"Property Horizon: {HorizonLimit.Problem(h)}");
        if (problems.Count > 0)
            throw new InvalidInputException("Invalid CurveReadOptions: " + string.Join("; ", problems));
    }
}
