namespace LcPfn.EarlyStop.Hosting;

/// <summary>Whether larger or smaller values of the reported metric are better.</summary>
public enum MetricDirection
{
    /// <summary>Larger is better (accuracy). The default.</summary>
    Maximize = 0,

    /// <summary>Smaller is better (loss, error).</summary>
    Minimize = 1,
}
