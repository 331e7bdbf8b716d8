namespace LcPfn.EarlyStop.Batch;

/// <summary>
/// The exact affine map between file units and the model's convention (increasing is better, in [0, 1]):
/// y = (v − L)/(U − L), or (U − v)/(U − L) when minimising. Quantile p in file units is the model's quantile
/// p (or 1 − p when minimising) mapped back.
/// </summary>
internal sealed class MetricMapping
{
    private readonly double lower;
    private readonly double range;
    private readonly bool minimize;

    public MetricMapping(BatchExtrapolatorOptions options)
    {
        lower = options.EffectiveLower;
        range = options.EffectiveUpper - options.EffectiveLower;
        minimize = options.Minimize;
    }

    public bool Decreasing => minimize;

    public double ToModel(double value) => minimize ? (lower + range - value) / range : (value - lower) / range;

    public double FromModel(double y) => minimize ? lower + range - (y * range) : lower + (y * range);

    /// <summary>The model-side level whose quantile maps to file-side level <paramref name="probability"/>.</summary>
    public double ModelLevel(double probability) => minimize ? 1 - probability : probability;
}
