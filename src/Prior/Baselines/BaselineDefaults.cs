namespace LcPfn.Prior.Baselines;

/// <summary>The constants shared by the baselines, named once.</summary>
public static class BaselineDefaults
{
    /// <summary>
    /// The smallest predictive standard deviation, in the units of the values (the evaluation works in [0, 1]), so that a
    /// flat curve does not get an infinite density. The default is 1e-3 (0.1 accuracy points).
    /// </summary>
    public const double MinStandardDeviation = 1e-3;

    /// <summary>How many of the most recent first differences estimate the last-value baseline's step spread. The default is 10.</summary>
    public const int RecentDifferences = 10;
}
