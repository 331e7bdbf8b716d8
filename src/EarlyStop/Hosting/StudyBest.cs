namespace LcPfn.EarlyStop.Hosting;

/// <summary>Comparison of final values under a metric direction (bookkeeping of the study best, not a stop rule).</summary>
internal static class StudyBest
{
    /// <summary>True when <paramref name="candidate"/> is strictly better than <paramref name="best"/>.</summary>
    public static bool Improves(double candidate, double best, MetricDirection direction) =>
        direction == MetricDirection.Minimize ? candidate < best : candidate > best;
}
