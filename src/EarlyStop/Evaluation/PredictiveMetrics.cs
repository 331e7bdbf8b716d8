using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Evaluation;

/// <summary>The scores of predictive distributions against observed values; pure functions.</summary>
public static class PredictiveMetrics
{
    /// <summary>The mean log density of the observed values, one distribution per value (the paper's LL; higher is better).</summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static double MeanLogLikelihood(IReadOnlyList<IPredictiveDistribution> predictions, IReadOnlyList<double> observed)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(observed);
        if (predictions.Count != observed.Count || predictions.Count == 0)
            throw new ArgumentException($"Need one prediction per observed value and at least one; got {predictions.Count} and {observed.Count}.");
        double sum = 0;
        for (int i = 0; i < observed.Count; i++) sum += predictions[i].LogPdf(observed[i]);
        return sum / observed.Count;
    }

    /// <summary>
    /// True when <paramref name="value"/> lies in the central interval of mass <paramref name="level"/>:
    /// between the quantiles (1 − level)/2 and (1 + level)/2, bounds included.
    /// </summary>
    public static bool IsCovered(IPredictiveDistribution prediction, double value, double level)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, "The interval level must lie in (0, 1).");
        double tail = (1 - level) / 2;
        return value >= prediction.Quantile(tail) && value <= prediction.Quantile(1 - tail);
    }

    /// <summary>The squared error of the predictive median.</summary>
    public static double SquaredErrorOfMedian(IPredictiveDistribution prediction, double value)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        double d = prediction.Median - value;
        return d * d;
    }
}
