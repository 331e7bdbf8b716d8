namespace LcPfn.EarlyStop;

/// <summary>What the study's "best so far" is when a run is tested against it.</summary>
public enum BestSoFarMode
{
    /// <summary>The best final value of runs that reached their horizon (the rule of Domhan et al. 2015).</summary>
    CompletedRuns,

    /// <summary>
    /// Also the confident predictions of running runs: the value another running run reaches with probability
    /// <see cref="StopRuleOptions.ConfidenceLevel"/> (its lower 5 % quantile at the default), from its latest
    /// forecast. Stops more runs when many train at once; the same as <see cref="CompletedRuns"/> when runs train one at a time.
    /// </summary>
    CompletedAndConfidentPredictions,
}
