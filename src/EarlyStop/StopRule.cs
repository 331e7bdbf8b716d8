using System.Globalization;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop;

/// <summary>
/// The predictive stop rule, as a pure function (spec §6.4, Domhan et al. 2015): stop a run when the probability
/// that its final value beats the study's best final value so far is below <see cref="StopRuleOptions.Threshold"/>.
/// No I/O, no state, no clock: the callback, the replay simulator and the hosted worker only adapt to it.
/// </summary>
public static class StopRule
{
    /// <summary>The policy name the rule reports.</summary>
    public const string PolicyName = "lcpfn";

    /// <summary>
    /// True when a decision is due after <paramref name="epoch"/>: the run has not reached its horizon, has reported at
    /// least <see cref="StopRuleOptions.MinEpochs"/> epochs, and <see cref="StopRuleOptions.CheckInterval"/> epochs
    /// have passed since the last due check (<paramref name="lastCheckEpoch"/>, 0 for none).
    /// With every epoch reported, checks fall on MinEpochs, MinEpochs + CheckInterval, … below the horizon.
    /// </summary>
    public static bool IsCheckDue(int epoch, int horizon, int lastCheckEpoch, StopRuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return epoch < horizon && epoch >= options.MinEpochs
            && (lastCheckEpoch <= 0 || epoch - lastCheckEpoch >= options.CheckInterval);
    }

    /// <summary>P(final better than <paramref name="best"/>): P(Y &gt; best) when maximising, P(Y &lt; best) when minimising.</summary>
    public static double ProbabilityOfImprovement(IPredictiveDistribution finalValue, double best, MetricDirection direction)
    {
        ArgumentNullException.ThrowIfNull(finalValue);
        double p = direction == MetricDirection.Minimize ? finalValue.Cdf(best) : finalValue.ProbabilityAbove(best);
        if (double.IsNaN(p))
            throw new InvalidOperationException($"The predictive distribution gave P(improvement) = NaN for best {best}.");
        return Math.Clamp(p, 0.0, 1.0);
    }

    /// <summary>
    /// The value a run reaches with probability <see cref="StopRuleOptions.ConfidenceLevel"/>: its lower quantile when
    /// maximising, its upper quantile when minimising. Used by <see cref="BestSoFarMode.CompletedAndConfidentPredictions"/>.
    /// </summary>
    public static double ConfidentValue(IPredictiveDistribution finalValue, StopRuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(finalValue);
        ArgumentNullException.ThrowIfNull(options);
        return options.Direction == MetricDirection.Minimize
            ? finalValue.Quantile(options.ConfidenceLevel)
            : finalValue.Quantile(1 - options.ConfidenceLevel);
    }

    /// <summary>
    /// Decides for a run whose check is due.
    /// </summary>
    /// <param name="partial">The run's observed curve so far, in metric units; its last epoch is the decision epoch.</param>
    /// <param name="bestSoFar">The study's best final value so far in metric units, or null when there is none yet (the run continues).</param>
    /// <param name="finalValue">The predictive distribution of the run's value at its horizon, in metric units.</param>
    /// <param name="options">The rule's options; validated here.</param>
    /// <returns>Stop when P(final better than best) &lt; threshold, otherwise Continue; the reason carries the numbers.</returns>
    /// <exception cref="InvalidInputException">The options are invalid or the curve is empty.</exception>
    public static StopDecision Decide(LearningCurve partial, double? bestSoFar, IPredictiveDistribution finalValue, StopRuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(partial);
        ArgumentNullException.ThrowIfNull(finalValue);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (partial.Count == 0)
            throw new InvalidInputException($"Run '{partial.RunId}' has no observations; report at least one epoch before asking for a decision.");

        int epoch = partial.Epochs[^1];
        if (epoch >= partial.Horizon)
            return StopDecision.Skip(partial.RunId, epoch, PolicyName, $"reached its horizon ({partial.Horizon}) with {Value(partial.Values[^1])}");
        if (epoch < options.MinEpochs)
            return StopDecision.Skip(partial.RunId, epoch, PolicyName, $"epoch {epoch} is before the first decision at epoch {options.MinEpochs}");

        double median = finalValue.Median;
        double a = finalValue.Quantile(StopRuleDefaults.IntervalLow);
        double b = finalValue.Quantile(StopRuleDefaults.IntervalHigh);
        double low = Math.Min(a, b), high = Math.Max(a, b);
        string prediction = $"predicted final median {Value(median)} [{Value(low)}, {Value(high)}] (5-95%)";

        if (bestSoFar is not { } best || !double.IsFinite(best))
        {
            return new StopDecision(partial.RunId, epoch, StopAction.Continue, PolicyName, $"no completed run to compare with at epoch {epoch}; {prediction}")
            {
                Evaluated = true, PredictedMedian = median, PredictedLow = low, PredictedHigh = high,
            };
        }

        double p = ProbabilityOfImprovement(finalValue, best, options.Direction);
        bool stop = p < options.Threshold;
        string op = options.Direction == MetricDirection.Minimize ? "<" : ">";
        string reason = $"P(final {op} best) = {Probability(p)} {(stop ? "<" : ">=")} {options.Threshold.ToString("0.####", CultureInfo.InvariantCulture)} "
            + $"at epoch {epoch}; {prediction}; best so far {Value(best)}";
        return new StopDecision(partial.RunId, epoch, stop ? StopAction.Stop : StopAction.Continue, PolicyName, reason)
        {
            Evaluated = true, ProbabilityOfImprovement = p, PredictedMedian = median, PredictedLow = low, PredictedHigh = high, Reference = best,
        };
    }

    /// <summary>A metric value as reasons print it: at least two decimals, at most four (0.80, 91.5321).</summary>
    internal static string Value(double value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>A probability as reasons print it: three decimals, or scientific notation below 0.001.</summary>
    internal static string Probability(double p) =>
        p == 0 || p >= 0.001 ? p.ToString("0.000", CultureInfo.InvariantCulture) : p.ToString("0.0E+0", CultureInfo.InvariantCulture);
}
