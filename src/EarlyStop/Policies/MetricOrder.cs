namespace LcPfn.EarlyStop.Policies;

/// <summary>Comparisons in the direction of the metric.</summary>
internal static class MetricOrder
{
    /// <summary>True when <paramref name="a"/> is strictly better than <paramref name="b"/>.</summary>
    public static bool IsBetter(this MetricDirection direction, double a, double b) =>
        direction == MetricDirection.Minimize ? a < b : a > b;

    /// <summary>The better of two values.</summary>
    public static double Better(this MetricDirection direction, double a, double b) => direction.IsBetter(a, b) ? a : b;

    /// <summary>The best of a run's values so far.</summary>
    public static double Best(this MetricDirection direction, IReadOnlyList<double> values)
    {
        double best = values[0];
        for (int i = 1; i < values.Count; i++)
            best = direction.Better(values[i], best);
        return best;
    }

    /// <summary>"&gt;" when maximising, "&lt;" when minimising: how "better" prints.</summary>
    public static string BetterSign(this MetricDirection direction) => direction == MetricDirection.Minimize ? "<" : ">";

    /// <summary>"&lt;" when maximising, "&gt;" when minimising: how "worse" prints.</summary>
    public static string WorseSign(this MetricDirection direction) => direction == MetricDirection.Minimize ? ">" : "<";
}
