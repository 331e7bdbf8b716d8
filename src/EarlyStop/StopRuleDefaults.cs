namespace LcPfn.EarlyStop;

/// <summary>The defaults and ranges of <see cref="StopRuleOptions"/>, named once.</summary>
public static class StopRuleDefaults
{
    /// <summary>Stop when P(final better than best) is below this: 0.05, as in Domhan et al. 2015 (spec §6.4).</summary>
    public const double Threshold = 0.05;

    /// <summary>No decision before this many epochs have been reported: 5.</summary>
    public const int MinEpochs = 5;

    /// <summary>After the first decision, decide every this many epochs: 1 (every epoch).</summary>
    public const int CheckInterval = 1;

    /// <summary>
    /// The largest accepted <see cref="StopRuleOptions.MinEpochs"/> and <see cref="StopRuleOptions.CheckInterval"/>:
    /// the horizon limit, <see cref="LcPfn.Prior.HorizonLimit.Max"/> (100 000).
    /// </summary>
    public const int MaxEpochs = LcPfn.Prior.HorizonLimit.Max;

    /// <summary>The default lower metric bound: 0.</summary>
    public const double LowerBound = 0.0;

    /// <summary>The default upper metric bound: 1 (a fraction such as accuracy).</summary>
    public const double UpperBound = 1.0;

    /// <summary>
    /// The probability with which a running run's prediction counts as reached in
    /// <see cref="BestSoFarMode.CompletedAndConfidentPredictions"/>: 0.95.
    /// </summary>
    public const double ConfidenceLevel = 0.95;

    /// <summary>The quantiles of the interval a decision's reason reports: 5 % and 95 %.</summary>
    public const double IntervalLow = 0.05;

    /// <summary>The upper quantile of the reported interval: 95 %.</summary>
    public const double IntervalHigh = 0.95;
}
