using LcPfn.Prior.Prediction;

namespace LcPfn.Transformer.Inference;

/// <summary>
/// The exact, linear map between metric units and the model's convention (increasing is better, in [0, 1]):
/// u = (v − L)/(U − L) when maximising, u = (U − v)/(U − L) when minimising, with L, U finite bounds. Being monotone,
/// it maps quantiles and probabilities exactly (minimising swaps level p and 1 − p). It neither checks nor clamps:
/// callers admit values first (the stop rule's bounds, the batch job's). The one metric map of LcPfn: the stop rule,
/// the hosted worker and the Parquet batch use it directly, and <see cref="MetricTransform"/> (a declared metric,
/// checked and clamped, optionally sigmoid-warped) uses it for its linear form.
/// </summary>
public sealed class MetricScale
{
    private readonly double lower;
    private readonly double width;
    private readonly bool minimize;

    /// <summary>Creates the map of a metric in [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
    /// <param name="lower">The metric's lower bound (finite).</param>
    /// <param name="upper">The metric's upper bound (finite, above <paramref name="lower"/>).</param>
    /// <param name="minimize">True when lower metric values are better.</param>
    public MetricScale(double lower, double upper, bool minimize)
    {
        this.lower = lower;
        width = upper - lower;
        this.minimize = minimize;
    }

    /// <summary>True when lower metric values are better (the map decreases).</summary>
    public bool Minimize => minimize;

    /// <summary>The model-side level whose quantile maps to metric-side level <paramref name="probability"/>.</summary>
    public double ModelLevel(double probability) => minimize ? 1 - probability : probability;

    /// <summary>Metric units to model units.</summary>
    public double ToModel(double value) => minimize ? (lower + width - value) / width : (value - lower) / width;

    /// <summary>Model units to metric units.</summary>
    public double FromModel(double value) => minimize ? lower + width - value * width : lower + value * width;

    /// <summary>The distribution of the metric when <paramref name="model"/> is the distribution in model units.</summary>
    public IPredictiveDistribution ToMetric(IPredictiveDistribution model) => new MetricDistribution(model, this);

    /// <summary>The distribution in model units when <paramref name="metric"/> is the distribution of the metric.</summary>
    public IPredictiveDistribution FromMetric(IPredictiveDistribution metric) => new ModelDistribution(metric, this);

    private sealed class ModelDistribution(IPredictiveDistribution metric, MetricScale scale) : IPredictiveDistribution
    {
        public double Mean => scale.ToModel(metric.Mean);

        public double Median => scale.ToModel(metric.Median);

        public double Variance => metric.Variance / (scale.width * scale.width);

        public double Quantile(double probability) =>
            scale.ToModel(metric.Quantile(scale.minimize ? 1 - probability : probability));

        public double Cdf(double value) =>
            scale.minimize ? metric.ProbabilityAbove(scale.FromModel(value)) : metric.Cdf(scale.FromModel(value));

        public double LogPdf(double value) => metric.LogPdf(scale.FromModel(value)) + Math.Log(scale.width);

        public double ProbabilityAbove(double threshold) =>
            scale.minimize ? metric.Cdf(scale.FromModel(threshold)) : metric.ProbabilityAbove(scale.FromModel(threshold));
    }

    private sealed class MetricDistribution(IPredictiveDistribution model, MetricScale scale) : IPredictiveDistribution
    {
        public double Mean => scale.FromModel(model.Mean);

        public double Median => scale.FromModel(model.Median);

        public double Variance => model.Variance * scale.width * scale.width;

        public double Quantile(double probability) =>
            scale.FromModel(model.Quantile(scale.minimize ? 1 - probability : probability));

        // Minimising flips the axis: P(v ≤ x) = P(u ≥ ToModel(x)).
        public double Cdf(double value) =>
            scale.minimize ? model.ProbabilityAbove(scale.ToModel(value)) : model.Cdf(scale.ToModel(value));

        public double LogPdf(double value) => model.LogPdf(scale.ToModel(value)) - Math.Log(scale.width);

        public double ProbabilityAbove(double threshold) =>
            scale.minimize ? model.Cdf(scale.ToModel(threshold)) : model.ProbabilityAbove(scale.ToModel(threshold));
    }
}
