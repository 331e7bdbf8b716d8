namespace LcPfn.EarlyStop.State;

/// <summary>
/// A multiset of values kept in ascending order, for the per-epoch statistics policies compare against (median of
/// running averages, ASHA rung cut-offs). Insertion is O(n); reading a percentile is O(1).
/// </summary>
public sealed class SortedValues
{
    private readonly List<double> values = [];

    /// <summary>How many values it holds.</summary>
    public int Count => values.Count;

    /// <summary>The <paramref name="index"/>-th smallest value (0-based).</summary>
    public double this[int index] => values[index];

    /// <summary>Adds a value, keeping the order.</summary>
    internal void Add(double value)
    {
        int i = values.BinarySearch(value);
        values.Insert(i >= 0 ? i : ~i, value);
    }

    /// <summary>
    /// The <paramref name="percent"/>-th percentile (0..100) with linear interpolation between order statistics
    /// (numpy's default); the median is <c>Percentile(50)</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">It is empty.</exception>
    public double Percentile(double percent)
    {
        if (values.Count == 0)
            throw new InvalidOperationException("No values to take a percentile of.");
        double position = Math.Clamp(percent, 0, 100) / 100.0 * (values.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, values.Count - 1);
        double fraction = position - below;
        return values[below] + fraction * (values[above] - values[below]);
    }
}
