namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// Pool-adjacent-violators (PAV): the least-squares non-decreasing fit to a sequence of values with weights. Pure,
/// O(n): used by the quantile recalibration to turn observed PIT frequencies into a monotone map.
/// </summary>
public static class IsotonicRegression
{
    /// <summary>
    /// The non-decreasing sequence closest to <paramref name="values"/> in weighted squared error (each value is
    /// replaced by the weighted mean of its pooled block).
    /// </summary>
    /// <param name="values">The values, in the order of the predictor (for example PIT values sorted ascending).</param>
    /// <param name="weights">Positive weights, one per value; all 1 when null.</param>
    /// <exception cref="ArgumentException">The weights do not match the values or are not positive.</exception>
    public static double[] Fit(IReadOnlyList<double> values, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        if (weights is not null && weights.Count != n)
            throw new ArgumentException($"{weights.Count} weights for {n} values.", nameof(weights));
        var blockMean = new double[n];
        var blockWeight = new double[n];
        var blockSize = new int[n];
        int blocks = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights?[i] ?? 1.0;
            if (!(w > 0)) throw new ArgumentException($"Weight {i} must be positive; was {w}.", nameof(weights));
            blockMean[blocks] = values[i];
            blockWeight[blocks] = w;
            blockSize[blocks] = 1;
            blocks++;
            // Merge backwards while the last two blocks violate monotonicity.
            while (blocks > 1 && blockMean[blocks - 2] > blockMean[blocks - 1])
            {
                double total = blockWeight[blocks - 2] + blockWeight[blocks - 1];
                blockMean[blocks - 2] = (blockMean[blocks - 2] * blockWeight[blocks - 2] + blockMean[blocks - 1] * blockWeight[blocks - 1]) / total;
                blockWeight[blocks - 2] = total;
                blockSize[blocks - 2] += blockSize[blocks - 1];
                blocks--;
            }
        }
        var fitted = new double[n];
        int k = 0;
        for (int b = 0; b < blocks; b++)
            for (int j = 0; j < blockSize[b]; j++)
                fitted[k++] = blockMean[b];
        return fitted;
    }
}
