using System.Globalization;
using LcPfn.Prior;

namespace LcPfn.Transformer.Inference;

/// <summary>
/// A strictly monotone map g from a user's metric into the model's convention u ∈ [0, 1], higher is better, and its
/// exact inverse. Two forms (docs/model.md):
/// <list type="bullet">
/// <item>linear, when both bounds are finite and no soft range is given: u = (v − L)/(U − L), or 1 − that when
/// minimising (percent accuracy: L = 0, U = 100);</item>
/// <item>sigmoid warp of the reference's <c>pfn_normalize</c> (spec §5.2), when a soft range is given (needed for
/// open bounds): u = flip(a·σ(2(v − s_L)/(s_U − s_L) − 1) + b) with a, b so that L ↦ 0 and U ↦ 1.</item>
/// </list>
/// Because g is monotone, quantiles map exactly (minimising swaps q and 1 − q); model values outside [0, 1] are
/// clamped to the metric's bounds on the way back, since the metric cannot leave them. The linear form is the
/// <see cref="MetricScale"/> of the bounds, checked and clamped here.
/// </summary>
public sealed class MetricTransform
{
    private readonly MetricScale? _scale;
    private readonly double _softLower, _softUpper, _a, _b;

    /// <summary>Validates the declaration and builds the map.</summary>
    /// <exception cref="InvalidInputException">Bounds not ordered, NaN, an open bound without a soft range, or a soft range outside the bounds.</exception>
    public MetricTransform(MetricTransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        double lower = options.Lower, upper = options.Upper;
        var problems = new List<string>();
        if (double.IsNaN(lower) || double.IsNaN(upper) || lower >= upper || double.IsPositiveInfinity(lower) || double.IsNegativeInfinity(upper))
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Property Lower/Upper: must satisfy Lower < Upper; were {lower} and {upper}"));
        bool soft = options.SoftLower.HasValue || options.SoftUpper.HasValue;
        if (soft && !(options.SoftLower.HasValue && options.SoftUpper.HasValue))
            problems.Add("Property SoftLower/SoftUpper: give both or neither");
        if (!soft && (double.IsInfinity(lower) || double.IsInfinity(upper)))
            problems.Add("Property SoftLower/SoftUpper: required when a bound is open (±infinity)");
        if (soft && options.SoftLower is { } sl && options.SoftUpper is { } su && !(lower <= sl && sl < su && su <= upper))
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Property SoftLower/SoftUpper: must satisfy Lower <= SoftLower < SoftUpper <= Upper; were {sl} and {su}"));
        if (problems.Count > 0) throw new InvalidInputException("Invalid metric transform: " + string.Join("; ", problems));

        if (!soft)
        {
            _scale = new MetricScale(lower, upper, options.Minimize);
            return;
        }
        _softLower = options.SoftLower!.Value;
        _softUpper = options.SoftUpper!.Value;
        // spec §5.2: treat a bound whose sigmoid underflows as open
        bool openLower = double.IsInfinity(lower) || Math.Exp(-Stretch(lower)) > 1e300;
        bool openUpper = double.IsInfinity(upper) || Math.Exp(Stretch(upper)) > 1e300;
        double sLower = openLower ? 0 : Sigmoid(Stretch(lower));
        double sUpper = openUpper ? 1 : Sigmoid(Stretch(upper));
        _a = 1.0 / (sUpper - sLower);
        _b = -_a * sLower;
    }

    /// <summary>The identity on [0, 1] (maximise): the model's own convention.</summary>
    public static MetricTransform Identity { get; } = new(new MetricTransformOptions());

    /// <summary>Accuracy-like percentages in [0, 100] (or an error rate in percent when minimising).</summary>
    public static MetricTransform Percent(bool minimize = false) => new(new MetricTransformOptions { Lower = 0, Upper = 100, Minimize = minimize });

    /// <summary>The declaration.</summary>
    public MetricTransformOptions Options { get; }

    /// <summary>Hard lower bound of the metric.</summary>
    public double Lower => Options.Lower;

    /// <summary>Hard upper bound of the metric.</summary>
    public double Upper => Options.Upper;

    /// <summary>True when lower metric values are better.</summary>
    public bool Minimize => Options.Minimize;

    /// <summary>True when the map is the identity (model convention already).</summary>
    public bool IsIdentity => _scale is not null && !Minimize && Lower == 0 && Upper == 1;

    /// <summary>True when <paramref name="value"/> lies within [Lower, Upper] (NaN never does).</summary>
    public bool Contains(double value) => value >= Lower && value <= Upper;

    /// <summary>g(v): the metric value in the model's convention, in [0, 1].</summary>
    /// <exception cref="InvalidInputException">The value is NaN or outside the declared bounds.</exception>
    public double ToModel(double value)
    {
        if (!Contains(value))
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"The value {value} lies outside the metric's declared bounds [{Lower}, {Upper}]."));
        if (_scale is not null) return Math.Clamp(_scale.ToModel(value), 0, 1);
        double u = Math.Clamp(_a * Sigmoid(Stretch(value)) + _b, 0, 1);
        return Minimize ? 1 - u : u;
    }

    /// <summary>g⁻¹(u): a model-space value back in the metric's units; u outside [0, 1] is clamped first (to the bounds).</summary>
    public double FromModel(double modelValue)
    {
        if (double.IsNaN(modelValue)) return double.NaN;
        if (_scale is not null) return Math.Clamp(_scale.FromModel(Math.Clamp(modelValue, 0, 1)), Lower, Upper);
        double u = Math.Clamp(modelValue, 0, 1);
        if (Minimize) u = 1 - u;
        double s = (u - _b) / _a;
        if (s <= 0) return Lower;
        if (s >= 1) return Upper;
        double z = Math.Log(s / (1 - s));
        return Math.Clamp((z + 1) / 2 * (_softUpper - _softLower) + _softLower, Lower, Upper);
    }

    /// <summary>|dg/dv| at <paramref name="value"/> (for densities).</summary>
    public double Derivative(double value)
    {
        if (_scale is not null) return 1.0 / (Upper - Lower);
        double s = Sigmoid(Stretch(value));
        return _a * s * (1 - s) * 2 / (_softUpper - _softLower);
    }

    private double Stretch(double value) => 2 * (value - _softLower) / (_softUpper - _softLower) - 1;

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));
}
