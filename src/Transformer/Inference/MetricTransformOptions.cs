namespace LcPfn.Transformer.Inference;

/// <summary>
/// Declares a metric so that <see cref="MetricTransform"/> can map it into the model's convention (higher is
/// better, in [0, 1]). Bounds are hard limits the metric cannot leave (±∞ for an open end); the optional soft range
/// is where most values live and switches to the sigmoid warp of the reference (spec §5.2).
/// </summary>
public sealed record MetricTransformOptions
{
    /// <summary>True for losses and errors (lower is better). <value>The default is false.</value></summary>
    public bool Minimize { get; init; }

    /// <summary>Hard lower bound (−∞ for none). <value>The default is 0.</value></summary>
    public double Lower { get; init; }

    /// <summary>Hard upper bound (+∞ for none). <value>The default is 1.</value></summary>
    public double Upper { get; init; } = 1.0;

    /// <summary>Lower end of the typical range; with <see cref="SoftUpper"/> selects the sigmoid warp. Required when a bound is open. <value>The default is null.</value></summary>
    public double? SoftLower { get; init; }

    /// <summary>Upper end of the typical range. <value>The default is null.</value></summary>
    public double? SoftUpper { get; init; }
}
