namespace LcPfn.EarlyStop;

/// <summary>Whether larger or smaller values of the metric are better.</summary>
public enum MetricDirection
{
    /// <summary>Larger is better (accuracy).</summary>
    Maximize,

    /// <summary>Smaller is better (loss, error).</summary>
    Minimize,
}
